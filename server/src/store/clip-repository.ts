import { randomUUID } from 'node:crypto';
import { Backoff } from '../runtime/backoff.js';
import type { Part } from '../core/lifecycle.js';
import type { ClipEvent, ClipEventType } from '../core/clip-event.js';
import type { ClipQuery } from '../core/clip-query.js';
import { ClipQuerySchema } from '../core/clip-query.js';
import type { ClipPage, ClipStore, StoreWrite } from '../core/clip-store.js';
import type { CameraEvent } from '../core/camera-event.js';
import type { Clip } from '../core/clip.js';
import type { SignalBus } from '../core/signal-bus.js';
import type { HealthCheck } from '../core/bus-signals.js';
import { toError } from '../core/result.js';
import type { Logger } from '../core/logger.js';
import { redactUrlCredentials } from '../logging/redact.js';
import { StoreRejectedError, StoreUnavailableError } from '../core/errors.js';
import type { LocalClipStates } from './local-clip-states.js';
import { StoreWriteJournal, type JournalEntry } from './store-write-journal.js';
import type { DeadLetter, StoreDeadLetters } from './store-dead-letters.js';
import { applyOneByOne, requeueDeadLetters, type DeadLetterRetry } from './refused-writes.js';
import { inBackground } from '../runtime/background.js';
import { hasNewerClip, hasNewerEvent } from './newer-state.js';

export type ClipChange = (clip: Clip) => Clip;

export interface LifecycleStep {
  readonly type: ClipEventType;
  readonly data?: Record<string, unknown>;
}

export interface ClipRepositoryOptions {
  readonly store: ClipStore;
  readonly journal: StoreWriteJournal;
  readonly states: LocalClipStates;
  /** Runs a function in one local transaction (state and journal change together). */
  readonly transaction: <T>(fn: () => T) => T;
  readonly bus: SignalBus;
  /** Where writes the store refuses for good are set aside; without it a refusal is retried like an outage. */
  readonly deadLetters?: StoreDeadLetters;
  readonly log: Logger;
  /** The clock of update and event times (the local-state benchmark simulates weeks). */
  readonly now?: () => Date;
  /** The local state of a camera event (dead-letter retries never move an event back past it). */
  readonly localEvent?: (eventId: string) => CameraEvent | null;
  /** Reconnect backoff bounds while the store is down. */
  readonly retryMinMs?: number;
  readonly retryMaxMs?: number;
}

const FLUSH_BATCH = 500;

/**
 * The only writer of clip state and lifecycle events. A write is journaled locally at once (so it
 * survives a crash and a store outage), announced on the bus, then flushed to the store in order.
 */
export class ClipRepository implements Part {
  readonly name = 'store';
  private storeStarted = false;
  private storeUp = false;
  private lastProblem: string | null = null;
  private flushing: Promise<void> | null = null;
  private flushAgain = false;
  private retryTimer: NodeJS.Timeout | null = null;
  /** Reconnect waits while the store is down: retryMinMs, doubling, up to retryMaxMs. */
  private readonly retries: Backoff;
  private stopped = false;

  constructor(private readonly options: ClipRepositoryOptions) {
    this.retries = new Backoff({ initialMs: options.retryMinMs ?? 1000, maxMs: options.retryMaxMs ?? 30_000 });
  }

  /** Connects the store; when it cannot, keeps retrying in the background and reports `degraded`. */
  async start(): Promise<void> {
    this.stopped = false;
    await this.connect();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.retryTimer = null;
    await this.flushing;
    await this.options.store
      .stop()
      .catch((e: unknown) =>
        this.options.log.warn({ event_type: 'store.stop_failed', err: e }, `closing ${this.options.store.description} failed`),
      );
    this.storeStarted = false;
    this.storeUp = false;
  }

  /** Records a new clip and its first lifecycle step. Synchronous and local: never fails on a store outage. */
  create(clip: Clip, step: LifecycleStep): ClipEvent {
    const event = this.newEvent(clip.id, step);
    this.options.transaction(() => {
      this.options.states.put(clip);
      this.options.journal.append([
        { kind: 'clip', clip },
        { kind: 'event', event },
      ]);
    });
    this.afterWrite(clip, event);
    return event;
  }

  /**
   * Changes a clip atomically (read, change, write in one local transaction) and records the step,
   * if any. Throws when the clip is not known locally.
   */
  update(clipId: string, change: ClipChange, step?: LifecycleStep): Clip {
    let updated: Clip | null = null;
    const event = step ? this.newEvent(clipId, step) : null;
    this.options.transaction(() => {
      const current = this.options.states.get(clipId);
      if (!current) throw new Error(`clip ${clipId} is not known to this HomeSec`);
      updated = { ...change(current), updatedAt: this.now().toISOString() };
      this.options.states.put(updated);
      this.options.journal.append(
        event
          ? [
              { kind: 'clip', clip: updated },
              { kind: 'event', event },
            ]
          : [{ kind: 'clip', clip: updated }],
      );
    });
    if (!updated) throw new Error(`clip ${clipId} was not updated`);
    this.afterWrite(updated, event);
    return updated;
  }

  /**
   * Journals writes of other kinds of state kept in the same store (camera events), in order with the
   * clip writes, and flushes them the same way. Call inside the caller's local transaction when the
   * write must land together with local state.
   */
  appendWrites(writes: readonly StoreWrite[]): void {
    this.options.journal.append(writes);
  }

  /** Starts a flush of the journal (after `appendWrites`, once the caller's transaction committed). */
  flushSoon(): void {
    this.scheduleFlush();
  }

  /** The latest local state of a recent clip (pipeline and outbox read this; it works with the store down). */
  getLocal(clipId: string): Clip | null {
    return this.options.states.get(clipId);
  }

  /**
   * Lets closed camera events go from the store with their footage: those that started before `before`
   * with no clip left that is not deleted (retention calls it after deleting clips).
   */
  pruneEventsBefore(before: Date): void {
    this.options.journal.append([{ kind: 'pruneEvents', before: before.toISOString() }]);
    this.scheduleFlush();
  }

  /** Forgets a clip locally and in the store (its files are the caller's business). */
  purge(clip: Clip): void {
    this.options.transaction(() => {
      this.options.states.delete(clip.id);
      this.options.journal.append([{ kind: 'deleteClip', clipId: clip.id }]);
    });
    this.scheduleFlush();
    this.options.bus.emit('clip.deleted', clip.id, clip.camera);
  }

  /**
   * Records that a clip's files are gone (retention, the API). Works for clips no longer held locally:
   * the store then marks its row without needing the whole document.
   */
  recordDeletion(clipId: string, camera: string, reason: string, details: Record<string, unknown> = {}): void {
    const data = { reason, ...details };
    if (this.options.states.get(clipId)) {
      this.update(clipId, (c) => ({ ...c, status: 'deleted' }), { type: 'clip_deleted', data });
    } else {
      const at = this.now().toISOString();
      const event: ClipEvent = { id: randomUUID(), clipId, type: 'clip_deleted', at, data };
      this.options.journal.append([
        { kind: 'markDeleted', clipId, at },
        { kind: 'event', event },
      ]);
      this.scheduleFlush();
    }
    this.options.bus.emit('clip.deleted', clipId, camera);
  }

  /**
   * Takes a clip the local state has forgotten back from the store, so it can be changed again
   * (cleanup re-checks old clips); a clip still held locally is left as it is.
   */
  adopt(clip: Clip): void {
    if (!this.options.states.get(clip.id)) this.options.states.put(clip);
  }

  /**
   * Drops local copies of finished clips untouched since `before` (up to `limit`); the store keeps them.
   * `keep` holds back clips something local still needs (an upload to retry).
   */
  forgetSettled(before: Date, keep: (clipId: string) => boolean = () => false, limit = 1000): number {
    const ids = this.options.states.settledBefore(before, limit).filter((id) => !keep(id));
    this.options.transaction(() => {
      for (const id of ids) this.options.states.delete(id);
    });
    return ids.length;
  }

  /** From the store; while the store is down, from the local state of recent clips. */
  async getClip(id: string): Promise<Clip | null> {
    try {
      return await this.options.store.getClip(id);
    } catch (e) {
      if (e instanceof StoreUnavailableError) return this.options.states.get(id);
      throw e;
    }
  }

  listClips(query: ClipQuery): Promise<ClipPage> {
    return this.options.store.listClips(ClipQuerySchema.parse(query));
  }

  countClips(query: ClipQuery): Promise<number> {
    return this.options.store.countClips(ClipQuerySchema.parse(query));
  }

  listClipEvents(clipId: string): Promise<ClipEvent[]> {
    return this.options.store.listClipEvents(clipId);
  }

  /** Writes the store refused for good, set aside, oldest first (`ids` picks some). */
  listDeadLetters(ids?: readonly number[]): DeadLetter[] {
    return this.options.deadLetters?.list(ids) ?? [];
  }

  /** Puts set-aside writes back in the journal once their cause is fixed (see `requeueDeadLetters`); refused again, they go aside again. */
  async retryDeadLetters(ids?: readonly number[]): Promise<DeadLetterRetry> {
    const { deadLetters, journal, transaction } = this.options;
    if (!deadLetters) return { requeued: 0, superseded: 0, unreadable: 0 };
    const result = await requeueDeadLetters(ids, {
      deadLetters,
      journal,
      transaction,
      hasNewer: (clip) => hasNewerClip(this.options.store, this.options.states.get(clip.id), clip),
      hasNewerEvent: (event) => hasNewerEvent(this.options.store, this.options.localEvent?.(event.id) ?? null, event),
    });
    this.options.log.info({ event_type: 'store.dead_letters_retried', ...result }, `retrying ${result.requeued} set-aside write(s)`);
    this.options.bus.emit('health.changed', 'store', this.health());
    this.scheduleFlush();
    return result;
  }

  /** Writes waiting in the local journal for the store. */
  pendingWrites(): number {
    return this.options.journal.size();
  }

  /** Resolves once every journaled write is in the store, or false after `timeoutMs`. */
  async drain(timeoutMs: number): Promise<boolean> {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      if (this.storeUp) this.scheduleFlush();
      await this.flushing;
      if (this.pendingWrites() === 0) return true;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    return this.pendingWrites() === 0;
  }

  health(): HealthCheck {
    const aside = this.options.deadLetters?.size() ?? 0;
    const setAside = aside > 0 ? `; ${aside} write(s) the store refused are set aside (homesec dead-letters list)` : '';
    if (this.storeUp) return { status: aside > 0 ? 'degraded' : 'healthy', message: `${this.options.store.description}${setAside}` };
    const waiting = this.pendingWrites();
    return {
      status: 'degraded',
      message: `${this.options.store.description} unavailable: ${this.lastProblem ?? 'not connected yet'}; ${waiting} write(s) kept in the local journal${setAside}`,
    };
  }

  private newEvent(clipId: string, step: LifecycleStep): ClipEvent {
    return { id: randomUUID(), clipId, type: step.type, at: this.now().toISOString(), data: step.data ?? {} };
  }

  private now(): Date {
    return this.options.now?.() ?? new Date();
  }

  private afterWrite(clip: Clip, event: ClipEvent | null): void {
    this.scheduleFlush();
    if (event) this.options.bus.emit('clip.recorded', clip, event);
  }

  private async connect(): Promise<void> {
    try {
      if (!this.storeStarted) {
        await this.options.store.start();
        this.storeStarted = true;
      } else {
        await this.options.store.ping();
      }
      this.setUp(true);
      this.scheduleFlush();
    } catch (e) {
      this.setUp(false, e);
      this.scheduleRetry();
    }
  }

  private scheduleFlush(): void {
    if (!this.storeUp || this.stopped) return;
    if (this.flushing) {
      this.flushAgain = true;
      return;
    }
    this.flushing = this.flush().finally(() => {
      this.flushing = null;
      if (this.flushAgain) {
        this.flushAgain = false;
        this.scheduleFlush();
      }
    });
  }

  private async flush(): Promise<void> {
    for (;;) {
      const entries = this.options.journal.pending(FLUSH_BATCH);
      const last = entries[entries.length - 1];
      if (!last) return;
      try {
        await this.applyBatch(entries, last.seq);
      } catch (e) {
        this.setUp(false, e);
        this.scheduleRetry();
        return;
      }
    }
  }

  /** One batch in one store transaction; a refused batch (or one with unreadable entries) goes one write at a time, setting the poison aside. */
  private async applyBatch(entries: readonly JournalEntry[], lastSeq: number): Promise<void> {
    const deadLetters = this.options.deadLetters;
    const writes = entries.flatMap((entry) => (entry.write ? [entry.write] : []));
    if (deadLetters && writes.length < entries.length) return this.setAsideRefused(entries, deadLetters);
    for (const entry of entries)
      if (!entry.write)
        this.options.log.error(
          { event_type: 'store.journal_entry_dropped', seq: entry.seq, problem: entry.problem },
          'unreadable journal entry dropped',
        );
    try {
      await this.options.store.apply(writes);
      this.options.journal.acknowledge(lastSeq);
    } catch (e) {
      if (!(e instanceof StoreRejectedError) || !deadLetters) throw e;
      await this.setAsideRefused(entries, deadLetters);
    }
  }

  private async setAsideRefused(entries: readonly JournalEntry[], deadLetters: StoreDeadLetters): Promise<void> {
    const { store, journal, transaction, log, bus } = this.options;
    const setAside = await applyOneByOne(entries, { store, journal, deadLetters, transaction, log });
    if (setAside > 0) bus.emit('health.changed', 'store', this.health());
  }

  private scheduleRetry(): void {
    if (this.retryTimer || this.stopped) return;
    const delay = this.retries.next();
    this.retryTimer = setTimeout(() => {
      this.retryTimer = null;
      inBackground(this.connect(), this.options.log, 'reconnecting the clip store');
    }, delay);
    this.retryTimer.unref();
  }

  private setUp(up: boolean, problem?: unknown): void {
    const changed = up !== this.storeUp || (problem !== undefined && this.lastProblem === null);
    this.storeUp = up;
    if (up) {
      this.retries.reset();
      this.lastProblem = null;
    } else {
      this.lastProblem = redactUrlCredentials(toError(problem).message);
    }
    if (!changed) return;
    const check = this.health();
    const log = this.options.log;
    if (up) log.info({ event_type: 'store.available', store: this.options.store.description }, 'clip store available');
    else
      log.warn(
        { event_type: 'store.unavailable', store: this.options.store.description, problem: this.lastProblem },
        'clip store unavailable; writes kept in the local journal',
      );
    this.options.bus.emit('health.changed', 'store', check);
  }
}
