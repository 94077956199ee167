import type { HealthCheck } from '../core/bus-signals.js';
import { inBackground } from '../runtime/background.js';
import { Backoff } from '../runtime/backoff.js';
import { LOG_LEVEL_VALUES, type LogRecord, type LogStore, type StoredLogLevel } from '../core/log-store.js';
import { toError } from '../core/result.js';
import { LogRingBuffer } from './log-ring-buffer.js';
import { parseLogLine } from './log-line.js';
import type { Logger } from './logger.js';
import { redactUrlCredentials } from './redact.js';

export interface DbLogSinkOptions {
  /** Lowest level kept; records with an `event_type` are kept at any level. */
  readonly dbLevel: StoredLogLevel;
  /** Records held in memory; past this the oldest are dropped and counted. */
  readonly maxBuffer: number;
  /** Records older than this many days are deleted from the database; 0 keeps them. */
  readonly retentionDays: number;
  readonly batchSize?: number;
  readonly flushIntervalMs?: number;
  readonly backoffMaxMs?: number;
  readonly now?: () => Date;
}

const DAY_MS = 86_400_000;
const RETENTION_EVERY_MS = 3_600_000;

/**
 * A pino destination that keeps log records for the database. `write` only parses, filters and
 * buffers (synchronous, bounded): the pipeline never waits for the database. Once `attach`ed to a
 * store, a flusher writes batches about every second and backs off while the store is down.
 */
export class DbLogSink {
  private readonly buffer: LogRingBuffer<LogRecord>;
  private readonly minLevel: number;
  private readonly batchSize: number;
  private readonly intervalMs: number;
  private readonly backoffMaxMs: number;
  private store: LogStore | null = null;
  private log: Logger | null = null;
  private timer: NodeJS.Timeout | null = null;
  private retentionTimer: NodeJS.Timeout | null = null;
  private flushing: Promise<boolean> | null = null;
  private storeStarted = false;
  private up: boolean | null = null;
  private problem: string | null = null;
  /** Waits after failed flushes: the flush interval, doubling, up to backoffMaxMs. */
  private readonly failures: Backoff;
  private written = 0;
  private droppedReported = 0;
  private closed = false;

  constructor(private readonly options: DbLogSinkOptions) {
    this.buffer = new LogRingBuffer<LogRecord>(options.maxBuffer);
    this.minLevel = LOG_LEVEL_VALUES[options.dbLevel];
    this.batchSize = options.batchSize ?? 200;
    this.intervalMs = options.flushIntervalMs ?? 1000;
    this.backoffMaxMs = options.backoffMaxMs ?? 30_000;
    this.failures = new Backoff({ initialMs: this.intervalMs, maxMs: this.backoffMaxMs });
  }

  /** pino's stream interface: one JSON line per call. */
  write(line: string): void {
    const record = parseLogLine(line, this.minLevel);
    if (record) this.buffer.push(record);
  }

  /** Starts writing to `store` (what was buffered before goes first); `log` reports outages and drops. */
  attach(store: LogStore, log: Logger): void {
    this.store = store;
    this.log = log;
    this.closed = false;
    this.schedule(0);
    if (this.options.retentionDays > 0) {
      this.retentionTimer = setInterval(() => this.pruneInBackground(), RETENTION_EVERY_MS);
      this.retentionTimer.unref();
    }
  }

  /** Writes what is buffered (bounded by `timeoutMs`) and stops the flusher; the store's owner closes it. */
  async detach(timeoutMs = 2000): Promise<void> {
    this.closed = true;
    this.clearTimers();
    const deadline = Date.now() + timeoutMs;
    while (this.buffer.size > 0 && Date.now() < deadline && (await this.flush())) {
      // keep flushing full batches until empty, failing or out of time
    }
    await this.flushing;
    this.store = null;
  }

  /** Writes one batch now; false when the store is missing or down. */
  flush(): Promise<boolean> {
    this.flushing ??= this.flushBatch().finally(() => {
      this.flushing = null;
    });
    return this.flushing;
  }

  /** Records waiting in memory. */
  buffered(): number {
    return this.buffer.size;
  }

  /** Records dropped because the buffer was full (the store slow or down). */
  dropped(): number {
    return this.buffer.dropped;
  }

  health(): HealthCheck {
    const counts = `${this.buffer.size} buffered, ${this.dropped()} dropped`;
    if (this.up === false) return { status: 'degraded', message: `log database unavailable: ${this.problem ?? 'unknown'}; ${counts}` };
    return { status: 'healthy', message: `${this.written} record(s) written; ${counts}` };
  }

  private async flushBatch(): Promise<boolean> {
    const store = this.store;
    if (!store) return false;
    const batch = this.buffer.take(this.batchSize);
    try {
      // Idempotent: the owner may have started it already; a store that could not start is tried again here.
      if (!this.storeStarted) {
        await store.start();
        this.storeStarted = true;
        if (this.options.retentionDays > 0) this.pruneInBackground();
      }
      await store.insert(batch);
    } catch (e) {
      this.buffer.putBack(batch);
      this.setUp(false, e);
      return false;
    }
    this.written += batch.length;
    this.setUp(true);
    this.reportDrops();
    return true;
  }

  private schedule(delayMs: number): void {
    if (!this.store || this.closed) return;
    this.timer = setTimeout(() => this.tickInBackground(), delayMs);
    this.timer.unref();
  }

  /** The sink logs through the logger it feeds: a failed flush or prune is written to stdout only once. */
  private tickInBackground(): void {
    const log = this.log;
    if (log) inBackground(this.tick(), log, 'log flush');
    else this.tick().catch(() => undefined);
  }

  private pruneInBackground(): void {
    const log = this.log;
    if (log) inBackground(this.prune(), log, 'log pruning');
    else this.prune().catch(() => undefined);
  }

  private async tick(): Promise<void> {
    this.timer = null;
    const ok = await this.flush();
    if (!this.store) return;
    if (ok) {
      this.failures.reset();
      this.schedule(this.buffer.size >= this.batchSize ? 0 : this.intervalMs);
    } else {
      this.schedule(this.failures.next());
    }
  }

  private async prune(): Promise<void> {
    const store = this.store;
    if (!store || !this.storeStarted) return;
    const now = this.options.now?.() ?? new Date();
    let removed: number;
    try {
      removed = await store.deleteOlderThan(new Date(now.getTime() - this.options.retentionDays * DAY_MS));
    } catch (e) {
      // Tried again within the hour; the records are only kept a little longer meanwhile.
      this.log?.warn({ event_type: 'logs.prune_failed', err: e }, 'deleting old log records failed; trying again later');
      return;
    }
    if (removed > 0) this.log?.info({ event_type: 'logs.pruned', removed }, `deleted ${removed} old log record(s) from the database`);
  }

  private setUp(up: boolean, problem?: unknown): void {
    // The first successful write is not news; coming back after an outage is.
    const changed = up ? this.up === false : this.up !== false;
    this.up = up;
    this.problem = up ? null : redactUrlCredentials(toError(problem).message);
    if (!changed) return;
    // Logged once per change; these records come back through the sink like any other.
    if (up) this.log?.info({ event_type: 'logs.store_available' }, 'log records are written to the database');
    else
      this.log?.warn(
        { event_type: 'logs.store_unavailable', problem: this.problem, buffered: this.buffer.size },
        'log database unavailable; records are buffered in memory',
      );
  }

  private reportDrops(): void {
    const dropped = this.dropped();
    if (dropped === this.droppedReported) return;
    const lost = dropped - this.droppedReported;
    this.droppedReported = dropped;
    this.log?.warn(
      { event_type: 'logs.dropped', dropped: lost, dropped_total: dropped },
      `${lost} log record(s) were dropped while the database was unavailable`,
    );
  }

  private clearTimers(): void {
    if (this.timer) clearTimeout(this.timer);
    if (this.retentionTimer) clearInterval(this.retentionTimer);
    this.timer = null;
    this.retentionTimer = null;
  }
}
