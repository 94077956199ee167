import type Database from 'better-sqlite3';
import type { LocalDb } from '../store/local-db.js';
import type { LocalTable } from '../store/local-table.js';

export type OutboxStatus = 'pending' | 'sending' | 'delivered' | 'failed';

export interface OutboxRow {
  readonly seq: number;
  readonly eventId: string;
  readonly messageKey: string;
  readonly notifier: string;
  /** The AlertMessage as JSON. */
  readonly message: string;
  readonly status: OutboxStatus;
  readonly attempts: number;
  readonly nextAt: number;
  readonly lastError: string | null;
}

const COLUMNS =
  'seq, event_id AS eventId, message_key AS messageKey, notifier, message, status, attempts, next_at AS nextAt, last_error AS lastError';

/**
 * The `alert_outbox` table of the local database: one row per (event, message, notifier), enforced by
 * a unique key, so no message of an event is ever queued twice for one notifier. `seq` keeps order.
 * (It replaces `notification_outbox`, which held one row per clip and notifier.)
 */
export const ALERT_OUTBOX_TABLE: LocalTable = {
  name: 'alert_outbox',
  steps: [
    `
      CREATE TABLE alert_outbox (
        seq INTEGER PRIMARY KEY AUTOINCREMENT,
        event_id TEXT NOT NULL,
        message_key TEXT NOT NULL,
        notifier TEXT NOT NULL,
        message TEXT NOT NULL,
        status TEXT NOT NULL,
        attempts INTEGER NOT NULL DEFAULT 0,
        next_at INTEGER NOT NULL,
        last_error TEXT,
        updated_at INTEGER NOT NULL,
        UNIQUE (event_id, message_key, notifier)
      );
      CREATE INDEX alert_outbox_due ON alert_outbox (status, notifier, seq);
    `,
  ],
};

export class OutboxTable {
  private readonly db: Database.Database;
  private readonly insert: Database.Statement;
  private readonly next: Database.Statement;
  private readonly setStatus: Database.Statement;
  private readonly interrupted: Database.Statement;
  private readonly waiting: Database.Statement;
  private readonly waitingForEvent: Database.Statement;
  private readonly pruneOld: Database.Statement;

  constructor(local: LocalDb) {
    const db = local.use(ALERT_OUTBOX_TABLE);
    this.db = db;
    this.insert = db.prepare(
      `INSERT INTO alert_outbox (event_id, message_key, notifier, message, status, attempts, next_at, updated_at)
       VALUES (?, ?, ?, ?, 'pending', 0, ?, ?) ON CONFLICT (event_id, message_key, notifier) DO NOTHING`,
    );
    this.next = db.prepare(`SELECT ${COLUMNS} FROM alert_outbox WHERE notifier = ? AND status = 'pending' ORDER BY seq LIMIT 1`);
    this.setStatus = db.prepare(
      'UPDATE alert_outbox SET status = @status, attempts = @attempts, next_at = @nextAt, last_error = @lastError, updated_at = @now WHERE seq = @seq',
    );
    this.interrupted = db.prepare(`SELECT ${COLUMNS} FROM alert_outbox WHERE status = 'sending' ORDER BY seq`);
    this.waiting = db.prepare(`SELECT COUNT(*) FROM alert_outbox WHERE status IN ('pending', 'sending')`).pluck();
    this.waitingForEvent = db.prepare(`SELECT 1 FROM alert_outbox WHERE event_id = ? AND status IN ('pending', 'sending') LIMIT 1`).pluck();
    this.pruneOld = db.prepare(`DELETE FROM alert_outbox WHERE status IN ('delivered', 'failed') AND updated_at < ?`);
  }

  /** Queues the message for the notifiers that do not have it yet; returns those, in one transaction. */
  addAll(eventId: string, messageKey: string, notifiers: readonly string[], message: string, now: number): string[] {
    return this.db.transaction(() => notifiers.filter((n) => this.insert.run(eventId, messageKey, n, message, now, now).changes === 1))();
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

  /** True while a message of the event waits to be delivered (its outcome is still to be written on the event). */
  hasWaiting(eventId: string): boolean {
    return this.waitingForEvent.get(eventId) !== undefined;
  }

  /** Deletes delivered and failed rows last changed before `before` (ms): a settled notification needs no row. */
  pruneSettled(before: number): number {
    return this.pruneOld.run(before).changes;
  }
}
