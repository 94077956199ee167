import type { NotifyConfig } from '../config/sections/notify-config.js';
import type { NotificationRecord } from '../core/clip.js';
import type { HealthCheck } from '../core/bus-signals.js';
import type { Part } from '../core/lifecycle.js';
import type { NotificationOutbox } from '../core/notification-outbox.js';
import { err, type Result } from '../core/result.js';
import type { Logger } from '../core/logger.js';
import type { LocalDb } from '../store/local-db.js';
import type { AlertMessage } from './alert-message.js';
import { backoffDelay } from '../runtime/backoff.js';
import { failure, type Failure } from '../core/failure.js';
import type { Notifier } from './notifier.js';
import { OutboxTable, type OutboxRow } from './outbox-table.js';

/** Where delivery outcomes are written down (the event, and its clip when the message has one). */
export interface DeliveryRecorder {
  record(
    message: AlertMessage,
    notifier: string,
    record: NotificationRecord,
    step: 'notification_delivered' | 'notification_failed' | null,
  ): void;
}

export interface OutboxNotificationsOptions {
  readonly localDb: LocalDb;
  readonly records: DeliveryRecorder;
  readonly notifiers: readonly Notifier[];
  /** maxAttempts and retry backoff of the `notify` section. */
  readonly config: Pick<NotifyConfig, 'maxAttempts' | 'retryInitialS' | 'retryMaxS'>;
  readonly log: Logger;
}

/** While a notifier says it is not ready (broker down), look again this often even without a wake-up. */
const NOT_READY_POLL_MS = 30_000;

/**
 * The durable outbox: `enqueue` writes one row per notifier and message to the local SQLite file
 * (synchronous, P0-safe); one background worker per notifier delivers its rows in order, retried with
 * backoff up to `max_attempts`, and records each outcome on the event (and its clip). A notifier that is not ready (broker
 * down) is waited for without spending attempts. Rows survive restarts. At least once: a row that
 * was mid-delivery when the process died may or may not have reached the receiver, so it is sent
 * again after the restart (consumers de-duplicate on `event_id` + `phase` + `sequence`); losing an
 * alert is worse than a second copy of it.
 */
export class OutboxNotifications implements NotificationOutbox<AlertMessage>, Part {
  readonly name = 'notify';
  private readonly table: OutboxTable;
  private abort: AbortController | null = null;
  private workers: Promise<void>[] = [];
  private readonly wakers = new Map<string, () => void>();

  constructor(private readonly options: OutboxNotificationsOptions) {
    this.table = new OutboxTable(options.localDb);
  }

  async start(_signal: AbortSignal): Promise<void> {
    if (this.abort) return;
    const abort = new AbortController();
    this.abort = abort;
    for (const row of this.table.interruptedRows()) this.resendInterrupted(row);
    for (const notifier of this.options.notifiers) {
      notifier.onReady?.(() => this.wake(notifier.name));
      this.workers.push(this.run(notifier, abort.signal));
    }
  }

  /** Stops the workers after their current delivery; safe to call twice. */
  async stop(): Promise<void> {
    this.abort?.abort();
    for (const wake of this.wakers.values()) wake();
    await Promise.allSettled(this.workers);
    for (const notifier of this.options.notifiers) notifier.close?.();
    this.workers = [];
  }

  enqueue(message: AlertMessage): string[] {
    const names = this.options.notifiers.map((n) => n.name);
    const added = this.table.addAll(message.eventId, message.key, names, JSON.stringify(message), Date.now());
    const at = new Date().toISOString();
    for (const name of added) this.options.records.record(message, name, { status: 'pending', attempts: 0, at, error: null }, null);
    for (const name of added) this.wake(name);
    return names;
  }

  health(): HealthCheck {
    const waiting = this.table.waitingCount();
    return { status: waiting > 20 ? 'degraded' : 'healthy', message: `${waiting} notification(s) waiting` };
  }

  private wake(name: string): void {
    this.wakers.get(name)?.();
  }

  private async run(notifier: Notifier, signal: AbortSignal): Promise<void> {
    while (!signal.aborted) {
      const row = this.table.nextPending(notifier.name);
      if (!row) await this.sleep(notifier.name, null, signal);
      else if (notifier.isReady && !notifier.isReady()) await this.sleep(notifier.name, NOT_READY_POLL_MS, signal);
      else if (row.nextAt > Date.now()) await this.sleep(notifier.name, row.nextAt - Date.now(), signal);
      else await this.deliver(notifier, row, signal);
    }
  }

  /** Resolves on a wake-up for this notifier, after `ms` (null = no timer), or on stop. */
  private sleep(name: string, ms: number | null, signal: AbortSignal): Promise<void> {
    return new Promise((resolve) => {
      if (signal.aborted) return resolve();
      const timer = ms === null ? null : setTimeout(done, ms);
      function done(): void {
        if (timer) clearTimeout(timer);
        resolve();
      }
      this.wakers.set(name, done);
    });
  }

  private async deliver(notifier: Notifier, row: OutboxRow, signal: AbortSignal): Promise<void> {
    const attempts = row.attempts + 1;
    this.table.update(row.seq, { status: 'sending', attempts, nextAt: row.nextAt, lastError: row.lastError }, Date.now());
    const result = await this.send(notifier, row, signal);
    if (result.ok) {
      this.table.update(row.seq, { status: 'delivered', attempts, nextAt: row.nextAt, lastError: null }, Date.now());
      this.recordRow(
        row,
        notifier.name,
        { status: 'delivered', attempts, at: new Date().toISOString(), error: null },
        'notification_delivered',
      );
      this.options.log.info(
        {
          event_type: 'notify.delivered',
          event_id: row.eventId,
          clip_id: clipIdOf(row),
          message: row.messageKey,
          notifier: notifier.name,
          attempts,
        },
        `alert ${row.messageKey} delivered by ${notifier.name}`,
      );
      return;
    }
    const error = result.error;
    if (signal.aborted) {
      // Stopped mid-delivery: try again after the restart, without counting this attempt.
      this.table.update(row.seq, { status: 'pending', attempts: row.attempts, nextAt: row.nextAt, lastError: error.reason }, Date.now());
    } else if (error.retryable && attempts < this.options.config.maxAttempts) {
      this.retryLater(notifier, row, attempts, error);
    } else {
      this.fail(row, attempts, error.reason);
    }
  }

  /**
   * A row claimed when the process died: queued again at once. The cut-off attempt stays counted, but as
   * nobody knows it failed it may be the one past `max_attempts`; cut off twice past it (a message that
   * crashes the process) it fails for good, so a crash loop cannot resend forever.
   */
  private resendInterrupted(row: OutboxRow): void {
    if (row.attempts > this.options.config.maxAttempts) {
      this.fail(row, row.attempts, 'interrupted during delivery again (restart) after the last attempt');
      return;
    }
    this.table.update(
      row.seq,
      { status: 'pending', attempts: row.attempts, nextAt: Date.now(), lastError: 'interrupted during delivery (restart); sent again' },
      Date.now(),
    );
    this.options.log.warn(
      {
        event_type: 'notify.resent_after_restart',
        event_id: row.eventId,
        clip_id: clipIdOf(row),
        message: row.messageKey,
        notifier: row.notifier,
        attempts: row.attempts,
      },
      `${row.notifier} was sending alert ${row.messageKey} when the process stopped; sending it again (it may arrive twice)`,
    );
  }

  private async send(notifier: Notifier, row: OutboxRow, signal: AbortSignal): Promise<Result<void, Failure>> {
    let message: AlertMessage;
    try {
      message = JSON.parse(row.message) as AlertMessage;
    } catch (e) {
      return err(failure(`cannot read the queued alert: ${(e as Error).message}`, false, e));
    }
    return notifier.send(message, signal);
  }

  private retryLater(notifier: Notifier, row: OutboxRow, attempts: number, error: Failure): void {
    const { retryInitialS, retryMaxS } = this.options.config;
    const waitMs = backoffDelay(attempts, { initialMs: retryInitialS * 1000, maxMs: retryMaxS * 1000 });
    this.table.update(row.seq, { status: 'pending', attempts, nextAt: Date.now() + waitMs, lastError: error.reason }, Date.now());
    this.recordRow(row, notifier.name, { status: 'pending', attempts, at: new Date().toISOString(), error: error.reason }, null);
    this.options.log.warn(
      {
        event_type: 'notify.retry',
        event_id: row.eventId,
        clip_id: clipIdOf(row),
        notifier: notifier.name,
        attempts,
        wait_ms: waitMs,
        problem: error.reason,
      },
      `${notifier.name} delivery failed; retrying`,
    );
  }

  private fail(row: OutboxRow, attempts: number, message: string): void {
    this.table.update(row.seq, { status: 'failed', attempts, nextAt: row.nextAt, lastError: message }, Date.now());
    this.recordRow(row, row.notifier, { status: 'failed', attempts, at: new Date().toISOString(), error: message }, 'notification_failed');
    this.options.log.error(
      {
        event_type: 'notify.failed',
        event_id: row.eventId,
        clip_id: clipIdOf(row),
        message: row.messageKey,
        notifier: row.notifier,
        attempts,
        problem: message,
      },
      `${row.notifier} delivery failed for good`,
    );
  }

  /** A record that cannot be written (an event or clip no longer kept locally) is only logged: the row keeps the outcome. */
  private recordRow(
    row: OutboxRow,
    notifier: string,
    record: NotificationRecord,
    step: 'notification_delivered' | 'notification_failed' | null,
  ): void {
    try {
      this.options.records.record(JSON.parse(row.message) as AlertMessage, notifier, record, step);
    } catch (e) {
      this.options.log.warn({ event_type: 'notify.record_failed', event_id: row.eventId, err: e }, 'could not record the notification');
    }
  }
}

/** The clip a queued message reports on (logs name it, so a clip's whole life can be found by its id). */
function clipIdOf(row: OutboxRow): string | null {
  try {
    return (JSON.parse(row.message) as AlertMessage).clipId;
  } catch {
    return null;
  }
}
