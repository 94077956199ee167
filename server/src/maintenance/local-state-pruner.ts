import { monthOf, SpendLedger } from '../analyze/spend-ledger.js';
import { inBackground } from '../runtime/background.js';
import type { HealthCheck } from '../core/bus-signals.js';
import type { Part } from '../core/lifecycle.js';
import type { Logger } from '../core/logger.js';
import { OutboxTable } from '../notify/outbox-table.js';
import { DeferredUploads } from '../pipeline/deferred-uploads.js';
import type { ClipRepository } from '../store/clip-repository.js';
import type { LocalDb } from '../store/local-db.js';
import { LocalClipStates } from '../store/local-clip-states.js';
import { SettledEventStates, type SettledEvent } from '../store/settled-event-states.js';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/** How long each kind of settled local state is kept. */
export interface LocalStateWindows {
  /** A finished clip's local copy (the store has it; the local one serves late notifications and outages). */
  readonly clipStateMs: number;
  /**
   * A closed event's local copy, once none of its clips is held locally and no message of it waits (a
   * message that waits longer than `outboxMs`, for a notifier that never comes back, no longer holds it).
   */
  readonly eventStateMs: number;
  /** A delivered or failed notification's outbox row. */
  readonly outboxMs: number;
  /** Single VLM calls; older ones are folded into monthly totals. */
  readonly spendCallsMs: number;
  /** Months of spend totals kept, the current one included. */
  readonly spendMonths: number;
}

export const DEFAULT_WINDOWS: LocalStateWindows = {
  clipStateMs: DAY,
  eventStateMs: DAY,
  outboxMs: 7 * DAY,
  spendCallsMs: 2 * DAY,
  spendMonths: 13,
};

export interface LocalStatePrunerOptions {
  readonly repository: Pick<ClipRepository, 'forgetSettled'>;
  readonly localDb: LocalDb;
  readonly log: Logger;
  readonly windows?: LocalStateWindows;
  readonly intervalMs?: number;
  readonly now?: () => Date;
}

export interface PruneResult {
  readonly clipStates: number;
  readonly eventStates: number;
  readonly outboxRows: number;
  readonly spendRows: number;
}

/** Clip and event states forgotten per pass at most: a backlog goes over a few passes instead of one long transaction. */
const CLIP_STATES_PER_PASS = 5000;
const EVENT_STATES_PER_PASS = 5000;

/**
 * Keeps the local database the size of the recent past, not of all history: finished clips' and closed
 * events' local copies, settled notification rows and single spend entries leave it on a schedule (at start, then
 * every `intervalMs`). What is dropped is either in the clip store already or folded into totals.
 */
export class LocalStatePruner implements Part {
  readonly name = 'local state';
  private timer: NodeJS.Timeout | null = null;
  private last: (PruneResult & { at: Date }) | null = null;
  private readonly outbox: OutboxTable;
  private readonly ledger: SpendLedger;
  private readonly uploads: DeferredUploads;
  private readonly clipStates: LocalClipStates;
  private readonly eventStates: SettledEventStates;

  constructor(private readonly options: LocalStatePrunerOptions) {
    this.outbox = new OutboxTable(options.localDb);
    this.clipStates = new LocalClipStates(options.localDb);
    this.eventStates = new SettledEventStates(options.localDb);
    this.ledger = new SpendLedger(options.localDb);
    this.uploads = new DeferredUploads(options.localDb, options.log);
  }

  start(): void {
    const run = () =>
      inBackground(
        Promise.resolve().then(() => this.prune()),
        this.options.log,
        'pruning the local database',
      );
    run();
    this.timer ??= setInterval(run, this.options.intervalMs ?? 10 * 60_000);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  health(): HealthCheck {
    const last = this.last;
    if (!last) return { status: 'healthy', message: 'not pruned yet' };
    return {
      status: 'healthy',
      message: `last pruned ${last.at.toISOString()}: ${last.clipStates} clip state(s), ${last.eventStates} event state(s), ${last.outboxRows} notification row(s), ${last.spendRows} spend row(s)`,
    };
  }

  /** One pass; returns what left the local database. */
  prune(): PruneResult {
    const now = this.options.now?.() ?? new Date();
    const windows = this.options.windows ?? DEFAULT_WINDOWS;
    // A clip whose off-site upload waits for a retry keeps its local state: the retry reads it.
    const keep = (clipId: string) => this.uploads.has(clipId);
    const clipStates = this.options.repository.forgetSettled(new Date(now.getTime() - windows.clipStateMs), keep, CLIP_STATES_PER_PASS);
    // After the clip states: an event whose clips just went is forgotten in the same pass.
    const eventStates = this.eventStates.forget(
      new Date(now.getTime() - windows.eventStateMs),
      (event) => this.stillNeeded(event, now.getTime() - windows.outboxMs),
      EVENT_STATES_PER_PASS,
    );
    const outboxRows = this.outbox.pruneSettled(now.getTime() - windows.outboxMs);
    const firstMonth = new Date(now.getFullYear(), now.getMonth() - (windows.spendMonths - 1), 1);
    const spendRows = this.ledger.compact(new Date(now.getTime() - windows.spendCallsMs), monthOf(firstMonth));
    const result = { clipStates, eventStates, outboxRows, spendRows };
    this.last = { ...result, at: now };
    if (clipStates + eventStates + outboxRows + spendRows > 0)
      this.options.log.info(
        {
          event_type: 'maintenance.local_state_pruned',
          clip_states: clipStates,
          event_states: eventStates,
          outbox_rows: outboxRows,
          spend_rows: spendRows,
        },
        'pruned settled state from the local database',
      );
    return result;
  }

  /**
   * A clip of the event still held locally (in the pipeline, an upload to retry) keeps it, and so does a
   * message still to deliver, for as long as settled notification rows are kept (its outcome is written on it).
   */
  private stillNeeded(event: SettledEvent, waitingSince: number): boolean {
    if (event.updatedAt >= waitingSince && this.outbox.hasWaiting(event.id)) return true;
    return (event.clipIds ?? []).some((clipId) => this.clipStates.has(clipId));
  }
}
