import { describe, expect, it } from 'vitest';
import { StoreUnavailableError } from '../../../server/src/core/errors.js';
import type { LogPage, LogRecord, LogStore } from '../../../server/src/core/log-store.js';
import { DbLogSink } from '../../../server/src/logging/db-log-sink.js';
import { createLogger } from '../../../server/src/logging/logger.js';
import { LogCapture } from '../../support/log-capture.js';

/** An in-memory LogStore that can be switched down and up. */
class MemoryLogStore implements LogStore {
  readonly description = 'memory';
  readonly rows: LogRecord[] = [];
  down = false;
  async start(): Promise<void> {}
  async stop(): Promise<void> {}
  async insert(records: readonly LogRecord[]): Promise<void> {
    if (this.down) throw new StoreUnavailableError('connection refused');
    this.rows.push(...records);
  }
  async list(): Promise<LogPage> {
    return { logs: [], nextCursor: null };
  }
  async deleteOlderThan(): Promise<number> {
    return 0;
  }
}

function setup(maxBuffer: number) {
  const sink = new DbLogSink({ dbLevel: 'warn', maxBuffer, retentionDays: 0, batchSize: 100, flushIntervalMs: 60_000 });
  const stdout = new LogCapture();
  const log = createLogger('debug', stdout, sink);
  const store = new MemoryLogStore();
  return { sink, stdout, log, store };
}

async function flushAll(sink: DbLogSink): Promise<void> {
  while (sink.buffered() > 0 && (await sink.flush())) {
    // one batch per call
  }
}

describe('DbLogSink', () => {
  it('writes stdout as before and keeps warnings and event records for the database', async () => {
    // Given a logger with the sink
    const { sink, stdout, log, store } = setup(100);
    // When it logs at several levels
    log.debug('noise');
    log.info({ event_type: 'pipeline.clip_done', clip_id: 'c1' }, 'clip done');
    log.warn({ camera: 'front' }, 'camera offline');
    // Then stdout has every line, and once attached the store gets the two that matter, in order
    expect(stdout.lines).toHaveLength(3);
    sink.attach(store, log);
    await flushAll(sink);
    expect(store.rows.map((r) => r.msg)).toEqual(['clip done', 'camera offline']);
    expect(store.rows[0]).toMatchObject({ eventType: 'pipeline.clip_done', clipId: 'c1', level: 'info' });
    await sink.detach();
  });

  it('never lets a secret reach the database', async () => {
    // Given a warning with a password field and a URL with credentials in the message
    const { sink, log, store } = setup(100);
    log.warn({ password: 'hunter2', camera: 'front' }, 'cannot reach rtsp://admin:hunter2@10.0.0.5/stream');
    sink.attach(store, log);
    await flushAll(sink);
    // Then neither is stored
    expect(JSON.stringify(store.rows)).not.toContain('hunter2');
    await sink.detach();
  });

  it('buffers while the store is down, drops the oldest past the cap, counts them, and writes the rest when it is back', async () => {
    // Given a sink of ten records whose store is down
    const { sink, log, store } = setup(10);
    store.down = true;
    sink.attach(store, log);
    // When 25 warnings are logged and a flush fails
    for (let i = 0; i < 25; i++) log.warn({ n: i }, `warning ${i}`);
    expect(await sink.flush()).toBe(false);
    // Then the newest ten are kept, the rest counted as dropped, and health says so
    expect(sink.buffered()).toBe(10);
    expect(sink.dropped()).toBeGreaterThanOrEqual(15);
    expect(sink.health()).toMatchObject({ status: 'degraded' });
    expect(sink.health().message).toMatch(/dropped/);
    // When the store is back
    store.down = false;
    await flushAll(sink);
    // Then the newest warnings are written, oldest first, and the drop count is itself logged
    const messages = store.rows.map((r) => r.msg);
    expect(messages).toContain('warning 24');
    expect(messages).not.toContain('warning 0');
    const numbered = messages.filter((m) => m.startsWith('warning '));
    expect(numbered).toEqual([...numbered].sort((a, b) => Number(a.split(' ')[1]) - Number(b.split(' ')[1])));
    expect(sink.health().status).toBe('healthy');
    await flushAll(sink);
    expect(store.rows.some((r) => r.eventType === 'logs.dropped')).toBe(true);
    await sink.detach();
  });

  it('takes a write in constant time whatever the store does (no await, no growth past the cap)', () => {
    // Given a sink that is never attached
    const { sink, log } = setup(500);
    // When many more records are written than it holds
    for (let i = 0; i < 5000; i++) log.error({ i }, 'e');
    // Then it holds exactly its cap and counted the rest
    expect(sink.buffered()).toBe(500);
    expect(sink.dropped()).toBe(4500);
  });
});
