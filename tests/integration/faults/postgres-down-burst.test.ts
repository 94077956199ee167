import { copyFileSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';
import { afterEach, describe, expect, it } from 'vitest';
import type { ClipEvent } from '../../../server/src/core/clip-event.js';
import { reportFault } from '../../support/fault-figures.js';
import { fixture } from '../../support/paths.js';
import { postgresBehindProxy } from '../../support/postgres.js';
import { startHomesec, type StartedHomesec } from '../../support/start-homesec.js';

const BURST = 50;

describe('Postgres down for a burst of 50 clips', () => {
  let running: StartedHomesec | null = null;
  let cleanup: (() => Promise<void>)[] = [];
  afterEach(async () => {
    await running?.close();
    running = null;
    for (const step of cleanup.splice(0)) await step();
    cleanup = [];
  });

  it('records every clip locally meanwhile, then replays all their states and lifecycle events into Postgres in order', async () => {
    // Given HomeSec whose Postgres is unreachable (a switchable proxy, down)
    const db = await postgresBehindProxy();
    cleanup.push(() => db.proxy.down(), db.drop);
    running = await startHomesec({ database_url: db.url });
    const app = running.app;
    expect(app.health.report().checks.store?.status).toBe('degraded');
    // When 50 clips arrive and are processed, with every step recorded as it happens
    const recorded = new Map<string, ClipEvent[]>();
    const done = new Set<string>();
    app.bus.on({}, 'clip.recorded', (clip, event) => {
      recorded.set(clip.id, [...(recorded.get(clip.id) ?? []), event]);
      if (clip.status === 'done') done.add(clip.id);
    });
    const allDone = new Promise<void>((resolve) =>
      app.bus.on({}, 'clip.recorded', () => {
        if (done.size === BURST) resolve();
      }),
    );
    for (let i = 0; i < BURST; i++) {
      const path = join(running.dir, `burst-${i}.mp4`);
      copyFileSync(fixture('empty_scene.mp4'), path);
      const now = new Date();
      const taken = await app.pipeline.intake.accept({
        camera: 'front_door',
        path,
        source: 'folder',
        originalName: `burst-${i}.mp4`,
        startedAt: now,
        endedAt: now,
        consume: true,
      });
      expect(taken.ok).toBe(true);
    }
    await allDone;
    const waiting = app.repository.pendingWrites();
    expect(waiting).toBeGreaterThan(BURST);
    // When Postgres comes back
    await db.proxy.up();
    // Then the journal drains, and Postgres holds every clip, done, with its events in the order they happened
    expect(await app.repository.drain(60_000)).toBe(true);
    const client = new pg.Client({ connectionString: db.directUrl.replace(/\?.*$/, ''), options: `-c search_path=${db.schema}` });
    await client.connect();
    cleanup.push(() => client.end());
    const clips = await client.query<{ id: string; status: string }>('SELECT id, status FROM clips');
    expect(clips.rows).toHaveLength(BURST);
    expect(clips.rows.every((r) => r.status === 'done')).toBe(true);
    let outOfOrder = 0;
    for (const [clipId, events] of recorded) {
      const stored = await client.query<{ id: string }>('SELECT id FROM clip_events WHERE clip_id = $1 ORDER BY seq', [clipId]);
      if (JSON.stringify(stored.rows.map((r) => r.id)) !== JSON.stringify(events.map((e) => e.id))) outOfOrder++;
    }
    expect(outOfOrder).toBe(0);
    expect(app.health.report().checks.store?.status).toBe('healthy');
    reportFault('Postgres down for a burst', {
      clips: BURST,
      writes_journaled: waiting,
      clips_in_postgres: clips.rows.length,
      clips_with_events_out_of_order: outOfOrder,
    });
  });
});
