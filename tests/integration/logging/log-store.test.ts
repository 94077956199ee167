import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { LogRecord, LogStore } from '../../../server/src/core/log-store.js';
import { LogQuerySchema, type LogQuery } from '../../../server/src/core/log-store.js';
import { createLogger } from '../../../server/src/logging/logger.js';
import { PostgresClipStore } from '../../../server/src/store/postgres-clip-store.js';
import { PostgresLogStore } from '../../../server/src/store/postgres-log-store.js';
import { SqliteClipStore } from '../../../server/src/store/sqlite-clip-store.js';
import { SqliteLogStore } from '../../../server/src/store/sqlite-log-store.js';
import { isolatedDatabaseUrl } from '../../support/postgres.js';
import { makeTempDir } from '../../support/temp-dir.js';

interface Backend {
  readonly logs: LogStore;
  close(): Promise<void>;
}

/** The clip store creates the `logs` table (its migration 2); the log store uses it. */
async function sqliteBackend(): Promise<Backend> {
  const dir = makeTempDir('homesec-logs-');
  const path = join(dir.path, 'homesec.db');
  const clips = new SqliteClipStore(path);
  await clips.start();
  const logs = new SqliteLogStore(path);
  await logs.start();
  return {
    logs,
    close: async () => {
      await logs.stop();
      await clips.stop();
      dir.remove();
    },
  };
}

async function postgresBackend(): Promise<Backend> {
  const db = isolatedDatabaseUrl();
  const clips = new PostgresClipStore({ url: db.url, log: createLogger('silent') });
  await clips.start();
  const logs = new PostgresLogStore({ url: db.url });
  await logs.start();
  return {
    logs,
    close: async () => {
      await logs.stop();
      await clips.stop();
      await db.drop();
    },
  };
}

const record = (over: Partial<LogRecord>): LogRecord => ({
  time: '2026-11-21T10:00:00.000Z',
  level: 'warn',
  msg: 'm',
  eventType: null,
  camera: null,
  clipId: null,
  data: {},
  ...over,
});

const list = (logs: LogStore, query: LogQuery) => logs.list(LogQuerySchema.parse(query));

describe.each([
  ['SQLite', sqliteBackend],
  ['Postgres', postgresBackend],
])('%s log store', (_name, make) => {
  let backend: Backend | null = null;
  afterEach(async () => {
    await backend?.close();
    backend = null;
  });

  it('filters by minimum level, camera, clip, event type and time, newest first', async () => {
    // Given records of several kinds
    backend = await make();
    const { logs } = backend;
    await logs.insert([
      record({ msg: 'a', level: 'info', eventType: 'pipeline.clip_done', clipId: 'c1', camera: 'front', time: '2026-11-21T10:00:00.000Z' }),
      record({
        msg: 'b',
        level: 'warn',
        eventType: 'pipeline.stage_failed',
        clipId: 'c1',
        camera: 'front',
        time: '2026-11-21T10:01:00.000Z',
        data: { stage: 'detect' },
      }),
      record({ msg: 'c', level: 'error', clipId: 'c2', camera: 'back', time: '2026-11-21T10:02:00.000Z' }),
      record({ msg: 'd', level: 'debug', time: '2026-11-21T10:03:00.000Z' }),
    ]);
    // Then each filter narrows the list, newest first
    expect((await list(logs, {})).logs.map((l) => l.msg)).toEqual(['d', 'c', 'b', 'a']);
    expect((await list(logs, { level: 'warn' })).logs.map((l) => l.msg)).toEqual(['c', 'b']);
    expect((await list(logs, { clipId: 'c1' })).logs.map((l) => l.msg)).toEqual(['b', 'a']);
    expect((await list(logs, { eventType: 'pipeline.stage_failed' })).logs.map((l) => l.msg)).toEqual(['b']);
    expect((await list(logs, { camera: 'back' })).logs.map((l) => l.msg)).toEqual(['c']);
    expect((await list(logs, { from: '2026-11-21T10:01:00Z', to: '2026-11-21T10:03:00Z' })).logs.map((l) => l.msg)).toEqual(['c', 'b']);
    // And a record comes back as it went in
    const [b] = (await list(logs, { eventType: 'pipeline.stage_failed' })).logs;
    expect(b).toMatchObject({ level: 'warn', camera: 'front', clipId: 'c1', time: '2026-11-21T10:01:00.000Z', data: { stage: 'detect' } });
  });

  it('pages with a cursor without repeating or skipping records', async () => {
    // Given 25 records
    backend = await make();
    const { logs } = backend;
    await logs.insert(Array.from({ length: 25 }, (_, i) => record({ msg: String(i) })));
    // When they are read in pages of 10
    const seen: string[] = [];
    let cursor: string | undefined;
    for (;;) {
      const page = await list(logs, { limit: 10, ...(cursor ? { cursor } : {}) });
      seen.push(...page.logs.map((l) => l.msg));
      if (!page.nextCursor) break;
      cursor = page.nextCursor;
    }
    // Then every record is seen once, newest first
    expect(seen).toEqual(Array.from({ length: 25 }, (_, i) => String(24 - i)));
  });

  it('deletes records older than the retention cut-off', async () => {
    // Given an old and a new record
    backend = await make();
    const { logs } = backend;
    await logs.insert([record({ msg: 'old', time: '2026-01-01T00:00:00.000Z' }), record({ msg: 'new', time: '2026-11-21T00:00:00.000Z' })]);
    // When records before November are deleted
    const removed = await logs.deleteOlderThan(new Date('2026-11-01T00:00:00Z'));
    // Then only the new one is left
    expect(removed).toBe(1);
    expect((await list(logs, {})).logs.map((l) => l.msg)).toEqual(['new']);
  });
});
