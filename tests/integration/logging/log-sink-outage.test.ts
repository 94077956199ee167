import { join } from 'node:path';
import pg from 'pg';
import { afterEach, describe, expect, it } from 'vitest';
import { dropClip } from '../../support/drop-clip.js';
import { fixture } from '../../support/paths.js';
import { postgresBehindProxy } from '../../support/postgres.js';
import { waitForClip } from '../../support/start-homesec.js';
import type { TcpProxy } from '../../support/tcp-proxy.js';
import { startWithLogSink, type AppWithLogSink } from './log-sink-harness.js';

describe('database log sink while Postgres is down', () => {
  let running: AppWithLogSink | null = null;
  let proxy: TcpProxy | null = null;
  let drop: (() => Promise<void>) | null = null;
  afterEach(async () => {
    await running?.close();
    await proxy?.down();
    await drop?.();
    running = null;
  });

  it('keeps the pipeline going, counts dropped records, and writes the buffered ones once Postgres is back', async () => {
    // Given HomeSec on a Postgres it cannot reach (a proxy not listening yet), keeping at most 100 log records
    const db = await postgresBehindProxy();
    drop = db.drop;
    proxy = db.proxy;
    running = await startWithLogSink({ database_url: db.url, logs: { db_level: 'info', max_buffer: 100 } });
    const { app, sink } = running;

    // When clips arrive and are processed while the database is down
    const inbox = join(running.dir, 'inbox', 'front_door');
    const done: string[] = [];
    app.bus.on({}, 'clip.recorded', (clip) => {
      if (clip.status === 'done') done.push(clip.id);
    });
    dropClip(inbox, fixture('empty_scene.mp4'), 'one.mp4');
    await waitForClip(app, (c) => c.status === 'done', 20_000);
    // Then the pipeline kept going and the sink reports the outage
    expect(done).toHaveLength(1);
    await expect.poll(() => sink.health().status, { timeout: 10_000 }).toBe('degraded');
    // And deleting old records, which could not run either, is a warning with its cause, not swallowed
    const stdout = running.stdout;
    await expect.poll(() => stdout.records('logs.prune_failed').length, { timeout: 10_000 }).toBeGreaterThan(0);
    expect(JSON.stringify(stdout.records('logs.prune_failed')[0]?.err)).toMatch(/ECONNREFUSED|Postgres/);
    // When more records are logged than the sink holds
    for (let i = 0; i < 150; i++) running.log.info({ event_type: 'test.filler', n: i }, 'filler');
    // Then it keeps the newest 100 and counts the rest as dropped
    expect(sink.buffered()).toBe(100);
    expect(sink.dropped()).toBeGreaterThanOrEqual(50);

    // When Postgres becomes reachable
    await proxy.up();
    // Then the buffer drains into the logs table: the newest fillers, the outage warning and the count of dropped records
    await expect.poll(() => sink.buffered(), { timeout: 30_000, interval: 200 }).toBe(0);
    await expect.poll(() => sink.health().status, { timeout: 10_000 }).toBe('healthy');
    const client = new pg.Client({ connectionString: db.directUrl.replace(/\?.*$/, ''), options: `-c search_path=${db.schema}` });
    await client.connect();
    try {
      await expect
        .poll(
          async () => (await client.query<{ n: string }>("SELECT count(*) AS n FROM logs WHERE event_type = 'logs.dropped'")).rows[0]?.n,
          { timeout: 10_000 },
        )
        .toBe('1');
      const fillers = await client.query<{ n: number }>(
        "SELECT (data->>'n')::int AS n FROM logs WHERE event_type = 'test.filler' ORDER BY id",
      );
      const numbers = fillers.rows.map((r) => r.n);
      expect(numbers).toContain(149);
      expect(numbers).not.toContain(0);
      expect(numbers).toEqual([...numbers].sort((a, b) => a - b));
      const dropped = await client.query<{ data: { dropped_total: number } }>("SELECT data FROM logs WHERE event_type = 'logs.dropped'");
      expect(dropped.rows[0]?.data.dropped_total).toBe(sink.dropped());
    } finally {
      await client.end();
    }
  });
});
