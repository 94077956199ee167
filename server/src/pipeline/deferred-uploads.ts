import type Database from 'better-sqlite3';
import type { Logger } from '../logging/logger.js';

const FIRST_RETRY_MS = 60_000;
const MAX_RETRY_MS = 6 * 3600_000;

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
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;

  constructor(
    db: Database.Database,
    private readonly retry: (clipId: string) => Promise<string>,
    private readonly log: Logger,
    private readonly intervalMs = 30_000,
  ) {
    this.insert = db.prepare('INSERT INTO deferred_uploads (clip_id, attempts, next_at) VALUES (?, 0, ?) ON CONFLICT (clip_id) DO NOTHING');
    this.due = db.prepare('SELECT clip_id, attempts FROM deferred_uploads WHERE next_at <= ? ORDER BY next_at LIMIT 20');
    this.reschedule = db.prepare('UPDATE deferred_uploads SET attempts = ?, next_at = ? WHERE clip_id = ?');
    this.remove = db.prepare('DELETE FROM deferred_uploads WHERE clip_id = ?');
    this.count = db.prepare('SELECT COUNT(*) FROM deferred_uploads').pluck();
  }

  schedule(clipId: string): void {
    this.insert.run(clipId, Date.now() + FIRST_RETRY_MS);
  }

  size(): number {
    return this.count.get() as number;
  }

  start(): void {
    this.timer ??= setInterval(() => void this.runDue(), this.intervalMs);
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
    const rows = this.due.all(now) as { clip_id: string; attempts: number }[];
    for (const row of rows) {
      const outcome = await this.retry(row.clip_id);
      if (outcome === 'failed') {
        const attempts = row.attempts + 1;
        this.reschedule.run(attempts, Date.now() + Math.min(FIRST_RETRY_MS * 2 ** attempts, MAX_RETRY_MS), row.clip_id);
        this.log.info({ event_type: 'upload.deferred_again', clip_id: row.clip_id, attempts }, 'off-site upload still failing; will retry');
      } else {
        this.remove.run(row.clip_id);
      }
    }
  }
}
