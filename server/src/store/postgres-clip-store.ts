import pg from 'pg';
import { encodeClipCursor } from '../core/clip-cursor.js';
import { ClipEventSchema, type ClipEvent } from '../core/clip-event.js';
import type { ParsedClipQuery } from '../core/clip-query.js';
import type { ClipPage, ClipStore, StoreWrite } from '../core/clip-store.js';
import type { CameraEvent } from '../core/camera-event.js';
import type { Clip } from '../core/clip.js';
import type { EventPage, ParsedEventQuery } from '../core/event-query.js';
import { StoreRejectedError, StoreUnavailableError } from '../core/errors.js';
import { isPostgresRejection } from './store-rejection.js';
import type { Logger } from '../core/logger.js';
import { buildClipFilter, type FilterDialect } from './clip-filter-sql.js';
import { clipColumns, parseClipDocument } from './clip-row.js';
import { buildEventFilter, eventColumns, parseEventDocument } from './event-row.js';
import { parsePostgresUrl, postgresPoolConfig } from './postgres-connection.js';
import { POSTGRES_MIGRATIONS } from './postgres-migrations.js';

/** One of the event's labels is exactly the one bound at `p` (labels of several words included). */
const EVENT_HAS_LABEL = (p: string): string => `e.doc->'labels' @> jsonb_build_array(jsonb_build_object('label', ${p}::text))`;

const dialect: FilterDialect = {
  placeholder: (n) => `$${n}`,
  bool: (value) => value,
  hasLabel: (p) => `c.labels @> ARRAY[${p}]::text[]`,
  matchesText: (p, text) => ({ sql: `c.search @@ plainto_tsquery('simple', ${p})`, value: text }),
};

// One lock id for "migrating the HomeSec schema", so two instances never migrate at once.
const MIGRATION_LOCK_ID = 0x686f6d65;

export interface PostgresStoreOptions {
  /** postgres://user:pass@host:port/db; `?schema=name` puts HomeSec's tables in that schema. */
  readonly url: string;
  readonly log: Logger;
  readonly connectTimeoutMs?: number;
}

export class PostgresClipStore implements ClipStore {
  readonly description: string;
  private pool: pg.Pool | null = null;
  private readonly connection: pg.PoolConfig;
  private readonly schema: string | null;

  constructor(private readonly options: PostgresStoreOptions) {
    const target = parsePostgresUrl(options.url);
    this.schema = target.schema;
    this.description = target.description;
    this.connection = postgresPoolConfig(target, { max: 5, connectTimeoutMs: options.connectTimeoutMs });
  }

  async start(): Promise<void> {
    if (this.pool) return;
    const pool = new pg.Pool(this.connection);
    // An idle client losing its server emits here; without a listener it would crash the process.
    pool.on('error', (e) => this.options.log.warn({ event_type: 'store.connection_lost', err: e }, 'Postgres connection lost'));
    try {
      await this.migrate(pool);
    } catch (e) {
      await pool.end().catch(() => undefined);
      throw new StoreUnavailableError(`cannot use Postgres at ${this.description}: ${(e as Error).message}`, { cause: e });
    }
    this.pool = pool;
  }

  async stop(): Promise<void> {
    const pool = this.pool;
    this.pool = null;
    await pool?.end();
  }

  async ping(): Promise<void> {
    await this.query('SELECT 1');
  }

  async apply(writes: readonly StoreWrite[]): Promise<void> {
    if (writes.length === 0) return;
    const client = await this.client();
    try {
      await client.query('BEGIN');
      for (const write of writes) await applyOne(client, write);
      await client.query('COMMIT');
    } catch (e) {
      await client.query('ROLLBACK').catch(() => undefined);
      if (isPostgresRejection(e)) throw new StoreRejectedError(`Postgres refused the write: ${(e as Error).message}`, { cause: e });
      throw new StoreUnavailableError(`Postgres write failed: ${(e as Error).message}`, { cause: e });
    } finally {
      client.release();
    }
  }

  async getClip(id: string): Promise<Clip | null> {
    const result = await this.query<{ doc: unknown }>('SELECT doc FROM clips WHERE id = $1', [id]);
    const row = result.rows[0];
    return row ? parseClipDocument(row.doc, id) : null;
  }

  async listClips(query: ParsedClipQuery): Promise<ClipPage> {
    const filter = buildClipFilter(query, dialect);
    const limit = `$${filter.params.length + 1}`;
    const result = await this.query<{ id: string; doc: unknown; started_at: string }>(
      `SELECT c.id, c.doc, c.started_at FROM clips c ${filter.where} ORDER BY c.started_at DESC, c.id DESC LIMIT ${limit}`,
      [...filter.params, query.limit + 1],
    );
    const page = result.rows.slice(0, query.limit);
    const last = page[page.length - 1];
    return {
      clips: page.map((r) => parseClipDocument(r.doc, r.id)),
      nextCursor: result.rows.length > query.limit && last ? encodeClipCursor({ startedAtMs: Number(last.started_at), id: last.id }) : null,
    };
  }

  async countClips(query: ParsedClipQuery): Promise<number> {
    const filter = buildClipFilter({ ...query, cursor: undefined }, dialect);
    const result = await this.query<{ n: string }>(`SELECT COUNT(*) AS n FROM clips c ${filter.where}`, filter.params);
    return Number(result.rows[0]?.n ?? 0);
  }

  async listClipEvents(clipId: string): Promise<ClipEvent[]> {
    const result = await this.query<{ id: string; clip_id: string; type: string; at: string; data: unknown }>(
      'SELECT id, clip_id, type, at, data FROM clip_events WHERE clip_id = $1 ORDER BY seq',
      [clipId],
    );
    return result.rows.map((r) =>
      ClipEventSchema.parse({ id: r.id, clipId: r.clip_id, type: r.type, at: new Date(Number(r.at)).toISOString(), data: r.data }),
    );
  }

  async getEvent(id: string): Promise<CameraEvent | null> {
    const result = await this.query<{ doc: unknown }>('SELECT doc FROM camera_events WHERE id = $1', [id]);
    const row = result.rows[0];
    return row ? parseEventDocument(row.doc, id) : null;
  }

  async listEvents(query: ParsedEventQuery): Promise<EventPage> {
    const filter = buildEventFilter(
      query,
      (n) => `$${n}`,
      (v) => v,
      EVENT_HAS_LABEL,
    );
    const limit = `$${filter.params.length + 1}`;
    const result = await this.query<{ id: string; doc: unknown; started_at: string }>(
      `SELECT e.id, e.doc, e.started_at FROM camera_events e ${filter.where} ORDER BY e.started_at DESC, e.id DESC LIMIT ${limit}`,
      [...filter.params, query.limit + 1],
    );
    const page = result.rows.slice(0, query.limit);
    const last = page[page.length - 1];
    return {
      events: page.map((r) => parseEventDocument(r.doc, r.id)),
      nextCursor: result.rows.length > query.limit && last ? encodeClipCursor({ startedAtMs: Number(last.started_at), id: last.id }) : null,
    };
  }

  async countEvents(query: ParsedEventQuery): Promise<number> {
    const filter = buildEventFilter(
      { ...query, cursor: undefined },
      (n) => `$${n}`,
      (v) => v,
      EVENT_HAS_LABEL,
    );
    const result = await this.query<{ n: string }>(`SELECT COUNT(*) AS n FROM camera_events e ${filter.where}`, filter.params);
    return Number(result.rows[0]?.n ?? 0);
  }

  private async migrate(pool: pg.Pool): Promise<void> {
    const client = await pool.connect();
    try {
      await client.query('BEGIN');
      await client.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK_ID]);
      if (this.schema) await client.query(`CREATE SCHEMA IF NOT EXISTS ${this.schema}`);
      await client.query(
        'CREATE TABLE IF NOT EXISTS schema_migrations (version integer PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())',
      );
      const applied = await client.query<{ version: number }>('SELECT version FROM schema_migrations');
      const done = new Set(applied.rows.map((r) => r.version));
      for (const migration of POSTGRES_MIGRATIONS) {
        if (done.has(migration.version)) continue;
        await client.query(migration.sql);
        await client.query('INSERT INTO schema_migrations (version, name) VALUES ($1, $2)', [migration.version, migration.name]);
      }
      await client.query('COMMIT');
    } catch (e) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw e;
    } finally {
      client.release();
    }
  }

  private async client(): Promise<pg.PoolClient> {
    if (!this.pool) throw new StoreUnavailableError('Postgres store is not connected');
    try {
      return await this.pool.connect();
    } catch (e) {
      throw new StoreUnavailableError(`Postgres unreachable: ${(e as Error).message}`, { cause: e });
    }
  }

  private async query<R extends pg.QueryResultRow>(sql: string, params: unknown[] = []): Promise<pg.QueryResult<R>> {
    if (!this.pool) throw new StoreUnavailableError('Postgres store is not connected');
    try {
      return await this.pool.query<R>(sql, params);
    } catch (e) {
      throw new StoreUnavailableError(`Postgres query failed: ${(e as Error).message}`, { cause: e });
    }
  }
}

async function applyOne(client: pg.PoolClient, write: StoreWrite): Promise<void> {
  switch (write.kind) {
    case 'clip': {
      const c = clipColumns(write.clip);
      await client.query(
        `INSERT INTO clips (id, camera, started_at, status, risk, alerted, labels, search_text, doc, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
         ON CONFLICT (id) DO UPDATE SET camera = EXCLUDED.camera, started_at = EXCLUDED.started_at,
           status = EXCLUDED.status, risk = EXCLUDED.risk, alerted = EXCLUDED.alerted, labels = EXCLUDED.labels,
           search_text = EXCLUDED.search_text, doc = EXCLUDED.doc, updated_at = EXCLUDED.updated_at`,
        [c.id, c.camera, c.startedAtMs, c.status, c.risk, c.alerted, c.labels, c.searchText, JSON.stringify(write.clip), c.updatedAtMs],
      );
      return;
    }
    case 'event': {
      const e = write.event;
      await client.query('INSERT INTO clip_events (id, clip_id, type, at, data) VALUES ($1, $2, $3, $4, $5) ON CONFLICT (id) DO NOTHING', [
        e.id,
        e.clipId,
        e.type,
        Date.parse(e.at),
        JSON.stringify(e.data),
      ]);
      return;
    }
    case 'cameraEvent': {
      const c = eventColumns(write.event);
      await client.query(
        `INSERT INTO camera_events (id, camera, started_at, status, triggered, alerted, reviewed, risk, labels, doc, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)
         ON CONFLICT (id) DO UPDATE SET camera = EXCLUDED.camera, started_at = EXCLUDED.started_at, status = EXCLUDED.status,
           triggered = EXCLUDED.triggered, alerted = EXCLUDED.alerted, reviewed = EXCLUDED.reviewed, risk = EXCLUDED.risk,
           labels = EXCLUDED.labels, doc = EXCLUDED.doc, updated_at = EXCLUDED.updated_at`,
        [
          c.id,
          c.camera,
          c.startedAtMs,
          c.status,
          c.triggered,
          c.alerted,
          c.reviewed,
          c.risk,
          c.labels,
          JSON.stringify(write.event),
          c.updatedAtMs,
        ],
      );
      return;
    }
    case 'deleteClip':
      await client.query('DELETE FROM clips WHERE id = $1', [write.clipId]);
      await client.query('DELETE FROM clip_events WHERE clip_id = $1', [write.clipId]);
      return;
    case 'pruneEvents':
      // An event lives as long as a clip of it keeps its files: its clips are all deleted (or it never had one).
      await client.query(
        `DELETE FROM camera_events e WHERE e.status = 'closed' AND e.started_at < $1
           AND NOT EXISTS (SELECT 1 FROM jsonb_array_elements_text(e.doc->'clipIds') AS j(id) JOIN clips c ON c.id = j.id
                           WHERE c.status <> 'deleted')`,
        [Date.parse(write.before)],
      );
      return;
    case 'markDeleted':
      await client.query(
        `UPDATE clips SET status = 'deleted', updated_at = $2,
           doc = jsonb_set(jsonb_set(doc, '{status}', '"deleted"'), '{updatedAt}', to_jsonb($3::text)) WHERE id = $1`,
        [write.clipId, Date.parse(write.at), write.at],
      );
      return;
  }
}
