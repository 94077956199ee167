import type { LocalDb } from '../store/local-db.js';
import type { LocalTable } from '../store/local-table.js';
import type Database from 'better-sqlite3';
import { backoffDelay, type BackoffPolicy } from '../runtime/backoff.js';
import type { Logger } from '../core/logger.js';
import { inBackground } from '../runtime/background.js';

/** Runs the upload stage of a clip again; `gone` when the clip no longer exists. */
export type RetryUpload = (clipId: string) => Promise<string>;

/** 1 min, 2 min, 4 min ... up to 6 h between tries of one upload. */
const RETRY_POLICY: BackoffPolicy = { initialMs: 60_000, maxMs: 6 * 3600_000 };

/** The `deferred_uploads` table of the local database. */
export const DEFERRED_UPLOADS_TABLE: LocalTable = {
  name: 'deferred_uploads',
  steps: [
    `
      CREATE TABLE deferred_uploads (
        clip_id TEXT PRIMARY KEY,
        attempts INTEGER NOT NULL,
        next_at INTEGER NOT NULL
      )
    `,
  ],
};

/**
 * Uploads that failed in the pipeline wait here and are tried again later with growing pauses
 * (1 min, 2 min ... up to 6 h), so an off-site outage never blocks alerting and is never forgotten.
 */
export class DeferredUploads {
  private readonly insert: Database.Statement;
  private readonly due: Database.Statement;
  private readonly reschedule: Database.Statement;
  private readonly remove: Database.Statement;
  private readonly count: Database.Statement;
  private readonly exists: Database.Statement;
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;

  private retry: RetryUpload | null = null;

  constructor(
    local: LocalDb,
    private readonly log: Logger,
    private readonly intervalMs = 30_000,
  ) {
    const db = local.use(DEFERRED_UPLOADS_TABLE);
    this.insert = db.prepare('INSERT INTO deferred_uploads (clip_id, attempts, next_at) VALUES (?, 0, ?) ON CONFLICT (clip_id) DO NOTHING');
    this.due = db.prepare('SELECT clip_id, attempts FROM deferred_uploads WHERE next_at <= ? ORDER BY next_at LIMIT 20');
    this.reschedule = db.prepare('UPDATE deferred_uploads SET attempts = ?, next_at = ? WHERE clip_id = ?');
    this.remove = db.prepare('DELETE FROM deferred_uploads WHERE clip_id = ?');
    this.count = db.prepare('SELECT COUNT(*) FROM deferred_uploads').pluck();
    this.exists = db.prepare('SELECT 1 FROM deferred_uploads WHERE clip_id = ?').pluck();
  }

  schedule(clipId: string): void {
    this.insert.run(clipId, Date.now() + backoffDelay(1, RETRY_POLICY));
  }

  size(): number {
    return this.count.get() as number;
  }

  /** Whether this clip's upload waits for a retry (its local state must stay until then). */
  has(clipId: string): boolean {
    return this.exists.get(clipId) !== undefined;
  }

  /** Tries due uploads with `retry` (the pipeline's upload stage) every interval. */
  start(retry: RetryUpload): void {
    this.retry = retry;
    this.timer ??= setInterval(() => inBackground(this.runDue(), this.log, 'deferred uploads'), this.intervalMs);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.running;
  }

  /** Tries every upload whose time has come; one pass at a time. */
  runDue(now = Date.now()): Promise<void> {
    this.running ??= this.pass(now).finally(() => {
      this.running = null;
    });
    return this.running;
  }

  private async pass(now: number): Promise<void> {
    const retry = this.retry;
    if (!retry) return;
    const rows = this.due.all(now) as { clip_id: string; attempts: number }[];
    for (const row of rows) {
      const outcome = await retry(row.clip_id);
      if (outcome === 'failed') {
        const attempts = row.attempts + 1;
        this.reschedule.run(attempts, Date.now() + backoffDelay(attempts + 1, RETRY_POLICY), row.clip_id);
        this.log.info({ event_type: 'upload.deferred_again', clip_id: row.clip_id, attempts }, 'off-site upload still failing; will retry');
      } else {
        this.remove.run(row.clip_id);
      }
    }
  }
}
