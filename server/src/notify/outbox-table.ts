import type { LocalDb } from '../store/local-db.js';
import type { LocalTable } from '../store/local-table.js';
import type Database from 'better-sqlite3';

export type OutboxStatus = 'pending' | 'sending' | 'delivered' | 'failed';

export interface OutboxRow {
  readonly seq: number;
  readonly clipId: string;
  readonly notifier: string;
  readonly clipDoc: string;
  readonly status: OutboxStatus;
  readonly attempts: number;
  readonly nextAt: number;
  readonly lastError: string | null;
}

const COLUMNS = 'seq, clip_id AS clipId, notifier, clip_doc AS clipDoc, status, attempts, next_at AS nextAt, last_error AS lastError';

/** The `notification_outbox` table of the local database. */
export const OUTBOX_TABLE: LocalTable = {
  name: 'notification_outbox',
  steps: [
    `
      CREATE TABLE notification_outbox (
        seq INTEGER PRIMARY KEY AUTOINCREMENT,
        clip_id TEXT NOT NULL,
        notifier TEXT NOT NULL,
        clip_doc TEXT NOT NULL,
        status TEXT NOT NULL,
        attempts INTEGER NOT NULL DEFAULT 0,
        next_at INTEGER NOT NULL,
        last_error TEXT,
        updated_at INTEGER NOT NULL,
        UNIQUE (clip_id, notifier)
      );
      CREATE INDEX notification_outbox_due ON notification_outbox (status, notifier, seq)
    `,
  ],
};

/**
 * The `notification_outbox` table: one row per (clip, notifier), enforced by a
 * unique key, so a clip can never be queued twice for one notifier. `seq` keeps delivery order.
 */
export class OutboxTable {
  private readonly db: Database.Database;
  private readonly insert: Database.Statement;
  private readonly next: Database.Statement;
  private readonly setStatus: Database.Statement;
  private readonly interrupted: Database.Statement;
  private readonly waiting: Database.Statement;

  constructor(local: LocalDb) {
    const db = local.use(OUTBOX_TABLE);
    this.db = db;
    this.insert = db.prepare(
      `INSERT INTO notification_outbox (clip_id, notifier, clip_doc, status, attempts, next_at, updated_at)
       VALUES (?, ?, ?, 'pending', 0, ?, ?) ON CONFLICT (clip_id, notifier) DO NOTHING`,
    );
    this.next = db.prepare(`SELECT ${COLUMNS} FROM notification_outbox WHERE notifier = ? AND status = 'pending' ORDER BY seq LIMIT 1`);
    this.setStatus = db.prepare(
      'UPDATE notification_outbox SET status = @status, attempts = @attempts, next_at = @nextAt, last_error = @lastError, updated_at = @now WHERE seq = @seq',
    );
    this.interrupted = db.prepare(`SELECT ${COLUMNS} FROM notification_outbox WHERE status = 'sending' ORDER BY seq`);
    this.waiting = db.prepare(`SELECT COUNT(*) FROM notification_outbox WHERE status IN ('pending', 'sending')`).pluck();
  }

  /** Queues the notifiers that have no row for this clip yet; returns those, in one transaction. */
  addAll(clipId: string, notifiers: readonly string[], clipDoc: string, now: number): string[] {
    return this.db.transaction(() => notifiers.filter((n) => this.insert.run(clipId, n, clipDoc, now, now).changes === 1))();
  }

  nextPending(notifier: string): OutboxRow | null {
    return (this.next.get(notifier) as OutboxRow | undefined) ?? null;
  }

  update(seq: number, change: { status: OutboxStatus; attempts: number; nextAt: number; lastError: string | null }, now: number): void {
    this.setStatus.run({ seq, ...change, now });
  }

  /** Rows that were being sent when the process died. */
  interruptedRows(): OutboxRow[] {
    return this.interrupted.all() as OutboxRow[];
  }

  waitingCount(): number {
    return this.waiting.get() as number;
  }
}
