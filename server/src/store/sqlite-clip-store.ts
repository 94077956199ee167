import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import type Database from 'better-sqlite3';
import { encodeClipCursor } from '../core/clip-cursor.js';
import { ClipEventSchema, type ClipEvent } from '../core/clip-event.js';
import type { ParsedClipQuery } from '../core/clip-query.js';
import type { ClipPage, ClipStore, StoreWrite } from '../core/clip-store.js';
import type { CameraEvent } from '../core/camera-event.js';
import type { Clip } from '../core/clip.js';
import type { EventPage, ParsedEventQuery } from '../core/event-query.js';
import { StoreRejectedError, StoreUnavailableError } from '../core/errors.js';
import { isSqliteRejection } from './store-rejection.js';
import { buildClipFilter, type FilterDialect } from './clip-filter-sql.js';
import { clipColumns, parseClipDocument } from './clip-row.js';
import { buildEventFilter, eventColumns, parseEventDocument } from './event-row.js';
import { applySqliteMigrations, openSqlite } from './sqlite-connection.js';
import { SQLITE_MIGRATIONS } from './sqlite-migrations.js';
import { ftsQuery } from './fts-query.js';

/** One of the event's labels is exactly the one bound at `p` (labels of several words included). */
const EVENT_HAS_LABEL = (p: string): string =>
  `EXISTS (SELECT 1 FROM json_each(e.doc, '$.labels') AS j WHERE json_extract(j.value, '$.label') = ${p})`;

const dialect: FilterDialect = {
  placeholder: () => '?',
  bool: (value) => (value ? 1 : 0),
  hasLabel: (p) => `EXISTS (SELECT 1 FROM clip_labels l WHERE l.clip_id = c.id AND l.label = ${p})`,
  matchesText: (p, text) => ({
    sql: `c.rowid IN (SELECT rowid FROM clip_search WHERE clip_search MATCH ${p})`,
    value: ftsQuery(text),
  }),
};

interface EventRow {
  id: string;
  clip_id: string;
  type: string;
  at: number;
  data: string;
}

/** The embedded default: one SQLite file in the data folder, WAL mode so readers never wait for the writer. */
export class SqliteClipStore implements ClipStore {
  readonly description: string;
  private db: Database.Database | null = null;

  constructor(private readonly path: string) {
    this.description = `sqlite ${path}`;
  }

  async start(): Promise<void> {
    if (this.db) return;
    try {
      if (this.path !== ':memory:') mkdirSync(dirname(this.path), { recursive: true });
      const db = openSqlite(this.path, { synchronous: 'NORMAL', busyTimeoutMs: 5000 });
      applySqliteMigrations(db, SQLITE_MIGRATIONS);
      this.db = db;
    } catch (e) {
      throw new StoreUnavailableError(`cannot open SQLite database ${this.path}: ${(e as Error).message}`, { cause: e });
    }
  }

  async stop(): Promise<void> {
    // Lets SQLite refresh the statistics its planner uses, as its docs advise before closing.
    this.db?.pragma('optimize');
    this.db?.close();
    this.db = null;
  }

  async ping(): Promise<void> {
    this.connection().prepare('SELECT 1').get();
  }

  async apply(writes: readonly StoreWrite[]): Promise<void> {
    const db = this.connection();
    const upsertClip = db.prepare(
      `INSERT INTO clips (id, camera, started_at, status, risk, alerted, doc, updated_at)
       VALUES (@id, @camera, @startedAtMs, @status, @risk, @alerted, @doc, @updatedAtMs)
       ON CONFLICT (id) DO UPDATE SET camera = excluded.camera, started_at = excluded.started_at,
         status = excluded.status, risk = excluded.risk, alerted = excluded.alerted,
         doc = excluded.doc, updated_at = excluded.updated_at`,
    );
    const deleteLabels = db.prepare('DELETE FROM clip_labels WHERE clip_id = ?');
    const insertLabel = db.prepare('INSERT INTO clip_labels (clip_id, label, started_at) VALUES (?, ?, ?)');
    const rowidOf = db.prepare('SELECT rowid FROM clips WHERE id = ?').pluck();
    const deleteSearch = db.prepare('DELETE FROM clip_search WHERE rowid = ?');
    const insertSearch = db.prepare('INSERT INTO clip_search (rowid, body) VALUES (?, ?)');
    const insertEvent = db.prepare(
      'INSERT INTO clip_events (id, clip_id, type, at, data) VALUES (?, ?, ?, ?, ?) ON CONFLICT (id) DO NOTHING',
    );
    const deleteClip = db.prepare('DELETE FROM clips WHERE id = ?');
    const deleteEvents = db.prepare('DELETE FROM clip_events WHERE clip_id = ?');
    const upsertEvent = db.prepare(
      `INSERT INTO camera_events (id, camera, started_at, status, triggered, alerted, reviewed, risk, labels, doc, updated_at)
       VALUES (@id, @camera, @startedAtMs, @status, @triggered, @alerted, @reviewed, @risk, @labels, @doc, @updatedAtMs)
       ON CONFLICT (id) DO UPDATE SET camera = excluded.camera, started_at = excluded.started_at, status = excluded.status,
         triggered = excluded.triggered, alerted = excluded.alerted, reviewed = excluded.reviewed, risk = excluded.risk,
         labels = excluded.labels, doc = excluded.doc, updated_at = excluded.updated_at`,
    );
    // An event lives as long as a clip of it keeps its files: its clips are all deleted (or it never had one).
    const pruneEvents = db.prepare(
      `DELETE FROM camera_events WHERE status = 'closed' AND started_at < ?
         AND NOT EXISTS (SELECT 1 FROM json_each(camera_events.doc, '$.clipIds') AS j JOIN clips c ON c.id = j.value
                         WHERE c.status <> 'deleted')`,
    );
    const markDeleted = db.prepare(
      "UPDATE clips SET status = 'deleted', doc = json_set(doc, '$.status', 'deleted', '$.updatedAt', ?), updated_at = ? WHERE id = ?",
    );

    const run = db.transaction((batch: readonly StoreWrite[]) => {
      for (const write of batch) {
        switch (write.kind) {
          case 'clip': {
            const cols = clipColumns(write.clip);
            upsertClip.run({ ...cols, alerted: cols.alerted ? 1 : 0, doc: JSON.stringify(write.clip) });
            deleteLabels.run(cols.id);
            for (const label of cols.labels) insertLabel.run(cols.id, label, cols.startedAtMs);
            const rowid = rowidOf.get(cols.id) as number;
            deleteSearch.run(rowid);
            if (cols.searchText) insertSearch.run(rowid, cols.searchText);
            break;
          }
          case 'event': {
            const e = write.event;
            insertEvent.run(e.id, e.clipId, e.type, Date.parse(e.at), JSON.stringify(e.data));
            break;
          }
          case 'cameraEvent': {
            const c = eventColumns(write.event);
            const flags = { triggered: c.triggered ? 1 : 0, alerted: c.alerted ? 1 : 0, reviewed: c.reviewed ? 1 : 0 };
            upsertEvent.run({ ...c, ...flags, doc: JSON.stringify(write.event) });
            break;
          }
          case 'deleteClip': {
            const rowid = rowidOf.get(write.clipId) as number | undefined;
            if (rowid !== undefined) deleteSearch.run(rowid);
            deleteClip.run(write.clipId);
            deleteLabels.run(write.clipId);
            deleteEvents.run(write.clipId);
            break;
          }
          case 'markDeleted':
            markDeleted.run(write.at, Date.parse(write.at), write.clipId);
            break;
          case 'pruneEvents':
            pruneEvents.run(Date.parse(write.before));
            break;
        }
      }
    });
    try {
      run(writes);
    } catch (e) {
      if (isSqliteRejection(e)) throw new StoreRejectedError(`SQLite refused the write: ${(e as Error).message}`, { cause: e });
      throw new StoreUnavailableError(`SQLite: ${(e as Error).message}`, { cause: e });
    }
  }

  async getClip(id: string): Promise<Clip | null> {
    const row = this.guard(() => this.connection().prepare('SELECT doc FROM clips WHERE id = ?').get(id)) as { doc: string } | undefined;
    return row ? parseClipDocument(row.doc, id) : null;
  }

  async listClips(query: ParsedClipQuery): Promise<ClipPage> {
    const filter = buildClipFilter(query, dialect);
    // With a text filter the planner would fetch every match and sort them; walking the time index
    // and checking each row against the (bloom-filtered) match set stops after one page instead.
    const from = query.text !== undefined ? 'clips c INDEXED BY clips_started' : 'clips c';
    const sql = `SELECT c.id, c.doc, c.started_at FROM ${from} ${filter.where} ORDER BY c.started_at DESC, c.id DESC LIMIT ?`;
    const rows = this.guard(() =>
      this.connection()
        .prepare(sql)
        .all(...filter.params, query.limit + 1),
    ) as { id: string; doc: string; started_at: number }[];
    const page = rows.slice(0, query.limit);
    const last = page[page.length - 1];
    return {
      clips: page.map((r) => parseClipDocument(r.doc, r.id)),
      nextCursor: rows.length > query.limit && last ? encodeClipCursor({ startedAtMs: last.started_at, id: last.id }) : null,
    };
  }

  async countClips(query: ParsedClipQuery): Promise<number> {
    const filter = buildClipFilter({ ...query, cursor: undefined }, dialect);
    const row = this.guard(() =>
      this.connection()
        .prepare(`SELECT COUNT(*) AS n FROM clips c ${filter.where}`)
        .get(...filter.params),
    ) as { n: number };
    return row.n;
  }

  async listClipEvents(clipId: string): Promise<ClipEvent[]> {
    const rows = this.guard(() =>
      this.connection().prepare('SELECT id, clip_id, type, at, data FROM clip_events WHERE clip_id = ? ORDER BY seq').all(clipId),
    ) as EventRow[];
    return rows.map((r) =>
      ClipEventSchema.parse({ id: r.id, clipId: r.clip_id, type: r.type, at: new Date(r.at).toISOString(), data: JSON.parse(r.data) }),
    );
  }

  async getEvent(id: string): Promise<CameraEvent | null> {
    const row = this.guard(() => this.connection().prepare('SELECT doc FROM camera_events WHERE id = ?').get(id)) as
      { doc: string } | undefined;
    return row ? parseEventDocument(row.doc, id) : null;
  }

  async listEvents(query: ParsedEventQuery): Promise<EventPage> {
    const filter = buildEventFilter(
      query,
      () => '?',
      (v) => (v ? 1 : 0),
      EVENT_HAS_LABEL,
    );
    const sql = `SELECT e.id, e.doc, e.started_at FROM camera_events e ${filter.where} ORDER BY e.started_at DESC, e.id DESC LIMIT ?`;
    const rows = this.guard(() =>
      this.connection()
        .prepare(sql)
        .all(...filter.params, query.limit + 1),
    ) as { id: string; doc: string; started_at: number }[];
    const page = rows.slice(0, query.limit);
    const last = page[page.length - 1];
    return {
      events: page.map((r) => parseEventDocument(r.doc, r.id)),
      nextCursor: rows.length > query.limit && last ? encodeClipCursor({ startedAtMs: last.started_at, id: last.id }) : null,
    };
  }

  async countEvents(query: ParsedEventQuery): Promise<number> {
    const filter = buildEventFilter(
      { ...query, cursor: undefined },
      () => '?',
      (v) => (v ? 1 : 0),
      EVENT_HAS_LABEL,
    );
    const row = this.guard(() =>
      this.connection()
        .prepare(`SELECT COUNT(*) AS n FROM camera_events e ${filter.where}`)
        .get(...filter.params),
    ) as { n: number };
    return row.n;
  }

  private connection(): Database.Database {
    if (!this.db) throw new StoreUnavailableError('SQLite store is not open');
    return this.db;
  }

  private guard<T>(fn: () => T): T {
    try {
      return fn();
    } catch (e) {
      if (e instanceof StoreUnavailableError) throw e;
      throw new StoreUnavailableError(`SQLite: ${(e as Error).message}`, { cause: e });
    }
  }
}
