import type Database from 'better-sqlite3';
import { CameraEventSchema, type CameraEvent } from '../core/camera-event.js';
import type { ClipStore } from '../core/clip-store.js';
import { StoreUnavailableError } from '../core/errors.js';
import type { SignalBus } from '../core/signal-bus.js';
import { EventQuerySchema, type EventPage, type EventQuery } from '../core/event-query.js';
import type { ClipRepository } from './clip-repository.js';
import type { LocalDb } from './local-db.js';
import type { LocalTable } from './local-table.js';

/** The `event_states` table of the local database: the latest state of each recent camera event. */
export const EVENT_STATES_TABLE: LocalTable = {
  name: 'event_states',
  steps: [
    `
      CREATE TABLE event_states (
        event_id TEXT PRIMARY KEY,
        camera TEXT NOT NULL,
        doc TEXT NOT NULL,
        status TEXT NOT NULL,
        updated_at INTEGER NOT NULL
      );
      CREATE INDEX event_states_active ON event_states (status, camera);
    `,
    // The local-state pruner looks for closed events by age.
    `CREATE INDEX event_states_settled ON event_states (status, updated_at)`,
  ],
};

export type EventChange = (event: CameraEvent) => CameraEvent;

/** Old events whose latest change is remembered in memory: more than a review page marks at once. */
const RECENT_OLD_EVENTS = 1000;

export interface CameraEventRepositoryOptions {
  readonly store: ClipStore;
  /** Journals the writes in order with the clips' and flushes them. */
  readonly clips: Pick<ClipRepository, 'appendWrites' | 'flushSoon' | 'drain'>;
  readonly localDb: LocalDb;
  readonly bus: SignalBus;
  /** The clock of update times (the local-state benchmark simulates weeks). */
  readonly now?: () => Date;
}

/**
 * The only writer of camera events, the way ClipRepository is of clips: a change lands in the local
 * database at once (so live events survive a crash and a store outage), is announced on the bus, and
 * is journaled for the clip store (SQLite or Postgres).
 */
export class CameraEventRepository {
  private readonly select: Database.Statement;
  private readonly selectActive: Database.Statement;
  private readonly upsert: Database.Statement;
  /** Old events changed in the store only, newest last (see `change`). */
  private readonly recentOld = new Map<string, CameraEvent>();

  constructor(private readonly options: CameraEventRepositoryOptions) {
    const db = options.localDb.use(EVENT_STATES_TABLE);
    this.select = db.prepare('SELECT doc FROM event_states WHERE event_id = ?').pluck();
    this.selectActive = db.prepare("SELECT doc FROM event_states WHERE status = 'active' ORDER BY updated_at").pluck();
    this.upsert = db.prepare(
      `INSERT INTO event_states (event_id, camera, doc, status, updated_at) VALUES (?, ?, ?, ?, ?)
       ON CONFLICT (event_id) DO UPDATE SET doc = excluded.doc, status = excluded.status, updated_at = excluded.updated_at`,
    );
  }

  /** Records a new event. Synchronous and local: never fails on a store outage. */
  open(event: CameraEvent): CameraEvent {
    this.write(event);
    this.options.bus.emit('event.opened', event);
    return event;
  }

  /** Runs `fn` as one local write: the events it changes and anything else it writes locally (an alert and its outbox rows) land together or not at all. */
  inOneWrite<T>(fn: () => T): T {
    return this.options.localDb.transaction(fn);
  }

  /** Changes an event atomically (read, change, write in one local transaction); throws when it is not known locally. */
  update(eventId: string, change: EventChange): CameraEvent {
    let before: CameraEvent | null = null;
    let after: CameraEvent | null = null;
    this.options.localDb.transaction(() => {
      before = this.getLocal(eventId);
      if (!before) throw new Error(`event ${eventId} is not known to this HomeSec`);
      after = { ...change(before), updatedAt: this.now().toISOString() };
      this.writeInTransaction(after);
    });
    const [was, now] = [before as CameraEvent | null, after as CameraEvent | null];
    if (!was || !now) throw new Error(`event ${eventId} was not updated`);
    this.options.clips.flushSoon();
    this.options.bus.emit('event.updated', now);
    if (was.status === 'active' && now.status === 'closed') this.options.bus.emit('event.closed', now);
    return now;
  }

  /**
   * Changes an event that may be older than the local state (a user reviewing last month). One the local
   * state has let go of is read from the store and changed there only (journaled like any write): copying
   * it back would make the local database grow with every old event reviewed. Null when there is no such event.
   */
  async change(eventId: string, change: EventChange): Promise<CameraEvent | null> {
    if (this.getLocal(eventId)) return this.update(eventId, change);
    const stored = await this.get(eventId);
    if (!stored) return null;
    if (this.getLocal(eventId)) return this.update(eventId, change);
    // A change made a moment ago may not be in the store yet: build on the newer of the two.
    const recent = this.recentOld.get(eventId);
    const base = recent && Date.parse(recent.updatedAt) > Date.parse(stored.updatedAt) ? recent : stored;
    const after: CameraEvent = { ...change(base), updatedAt: this.now().toISOString() };
    this.options.clips.appendWrites([{ kind: 'cameraEvent', event: after }]);
    this.options.clips.flushSoon();
    this.remember(after);
    this.options.bus.emit('event.updated', after);
    return after;
  }

  /**
   * Marks every unreviewed event matching `filters` reviewed (keyset pages of the store), and waits a
   * little for the store to have the changes, so a list asked for right after is current. Returns how many.
   */
  async markAllReviewed(filters: Omit<EventQuery, 'reviewed' | 'cursor' | 'limit'>, at: Date): Promise<number> {
    let marked = 0;
    let cursor: string | undefined;
    const reviewedAt = at.toISOString();
    do {
      const page = await this.list({ ...filters, reviewed: false, limit: 500, ...(cursor ? { cursor } : {}) });
      for (const event of page.events) {
        const changed = await this.change(event.id, (e) => (e.reviewedAt ? e : { ...e, reviewedAt }));
        if (changed) marked += 1;
      }
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    await this.options.clips.drain(5000);
    return marked;
  }

  getLocal(eventId: string): CameraEvent | null {
    const doc = this.select.get(eventId) as string | undefined;
    return doc === undefined ? null : CameraEventSchema.parse(JSON.parse(doc));
  }

  /** Events still going on (after a crash: the ones HomeSec was in the middle of). */
  active(): CameraEvent[] {
    return (this.selectActive.all() as string[]).map((doc) => CameraEventSchema.parse(JSON.parse(doc)));
  }

  /**
   * The local state first (every change lands there before the store has it, so it is never older), else
   * the store; while the store is down, only the local state.
   */
  async get(eventId: string): Promise<CameraEvent | null> {
    const local = this.getLocal(eventId);
    if (local) return local;
    try {
      return await this.options.store.getEvent(eventId);
    } catch (e) {
      if (e instanceof StoreUnavailableError) return this.getLocal(eventId);
      throw e;
    }
  }

  list(query: EventQuery): Promise<EventPage> {
    return this.options.store.listEvents(EventQuerySchema.parse(query));
  }

  count(query: EventQuery): Promise<number> {
    return this.options.store.countEvents(EventQuerySchema.parse(query));
  }

  private now(): Date {
    return this.options.now?.() ?? new Date();
  }

  /** Keeps the last few old events changed here (bounded), until the store has certainly caught up. */
  private remember(event: CameraEvent): void {
    this.recentOld.delete(event.id);
    this.recentOld.set(event.id, event);
    for (const id of this.recentOld.keys()) {
      if (this.recentOld.size <= RECENT_OLD_EVENTS) break;
      this.recentOld.delete(id);
    }
  }

  private write(event: CameraEvent): void {
    this.options.localDb.transaction(() => this.writeInTransaction(event));
    this.options.clips.flushSoon();
  }

  private writeInTransaction(event: CameraEvent): void {
    this.upsert.run(event.id, event.camera, JSON.stringify(event), event.status, Date.parse(event.updatedAt));
    this.options.clips.appendWrites([{ kind: 'cameraEvent', event }]);
  }
}
