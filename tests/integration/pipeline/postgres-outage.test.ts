import { join } from 'node:path';
import pg from 'pg';
import { afterEach, describe, expect, it } from 'vitest';
import { dropClip } from '../../support/drop-clip.js';
import { fixture } from '../../support/paths.js';
import { postgresBehindProxy } from '../../support/postgres.js';
import { startHomesec, waitForClip, type StartedHomesec } from '../../support/start-homesec.js';
import type { TcpProxy } from '../../support/tcp-proxy.js';

describe('Postgres down while clips arrive', () => {
  let running: StartedHomesec | null = null;
  let proxy: TcpProxy | null = null;
  let drop: (() => Promise<void>) | null = null;
  afterEach(async () => {
    await running?.close();
    await proxy?.down();
    await drop?.();
    running = null;
  });

  it('stores and processes the clips, then writes all their states and events to Postgres once it is back', async () => {
    // Given HomeSec configured for a Postgres it cannot reach (a proxy that is not listening yet)
    const db = await postgresBehindProxy();
    drop = db.drop;
    proxy = db.proxy;
    running = await startHomesec({ database_url: db.url });
    const app = running.app;
    expect(app.health.report().status).toBe('degraded');
    // When two clips arrive and are processed
    const inbox = join(running.dir, 'inbox', 'front_door');
    const doneIds = new Set<string>();
    app.bus.on({}, 'clip.recorded', (clip) => {
      if (clip.status === 'done') doneIds.add(clip.id);
    });
    dropClip(inbox, fixture('empty_scene.mp4'), 'one.mp4');
    await waitForClip(app, (c) => c.status === 'done', 15_000);
    dropClip(inbox, fixture('empty_scene.mp4'), 'two.mp4');
    await expect.poll(() => doneIds.size, { timeout: 15_000 }).toBe(2);
    // Then they are stored locally and their writes wait in the journal
    expect(app.repository.pendingWrites()).toBeGreaterThan(0);
    // When Postgres becomes reachable
    await proxy.up();
    // Then the journal drains into Postgres in order, and health is back to healthy
    await expect.poll(() => app.repository.pendingWrites(), { timeout: 45_000, interval: 500 }).toBe(0);
    expect(app.health.report().checks.store?.status).toBe('healthy');
    const client = new pg.Client({ connectionString: db.directUrl.replace(/\?.*$/, ''), options: `-c search_path=${db.schema}` });
    await client.connect();
    try {
      const clips = await client.query<{ id: string; status: string }>('SELECT id, status FROM clips ORDER BY id');
      expect(clips.rows.map((r) => r.id).sort()).toEqual([...doneIds].sort());
      expect(clips.rows.every((r) => r.status === 'done')).toBe(true);
      for (const id of doneIds) {
        const events = await client.query<{ type: string }>('SELECT type FROM clip_events WHERE clip_id = $1 ORDER BY seq', [id]);
        expect(events.rows[0]?.type).toBe('clip_received');
        expect(events.rows[events.rows.length - 1]?.type).toBe('clip_done');
      }
    } finally {
      await client.end();
    }
  });
});
