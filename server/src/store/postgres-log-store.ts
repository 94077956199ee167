import pg from 'pg';
import { encodeLogCursor, type LogPage, type LogRecord, type LogStore, type ParsedLogQuery } from '../core/log-store.js';
import { StoreUnavailableError } from '../core/errors.js';
import type { Logger } from '../core/logger.js';
import { buildLogFilter, logColumns, parseLogRow } from './log-row.js';
import { parsePostgresUrl, postgresPoolConfig } from './postgres-connection.js';

export interface PostgresLogStoreOptions {
  /** The clip store's URL; `?schema=name` puts the logs in that schema too. */
  readonly url: string;
  readonly connectTimeoutMs?: number;
  /** Where a lost connection is reported (the record then waits in the sink's buffer like any other). */
  readonly log?: Logger;
}

/** The `logs` table of the Postgres clip store, through a small pool of its own (two connections). */
export class PostgresLogStore implements LogStore {
  readonly description: string;
  private pool: pg.Pool | null = null;
  private readonly connection: pg.PoolConfig;
  private readonly log: Logger | null;

  constructor(options: PostgresLogStoreOptions) {
    this.log = options.log ?? null;
    const target = parsePostgresUrl(options.url);
    this.description = target.description;
    this.connection = postgresPoolConfig(target, { max: 2, connectTimeoutMs: options.connectTimeoutMs });
  }

  /** Creates the pool; connections are made on first use, so a server that is down fails the first insert. */
  async start(): Promise<void> {
    if (this.pool) return;
    const pool = new pg.Pool(this.connection);
    // An idle client losing its server emits here (without a listener the process would crash); the next
    // insert fails and the sink backs off and reports the outage, so this is only a warning with the cause.
    pool.on('error', (e) => this.log?.warn({ event_type: 'logs.connection_lost', err: e }, 'log database connection lost'));
    this.pool = pool;
  }

  async stop(): Promise<void> {
    const pool = this.pool;
    this.pool = null;
    await pool?.end();
  }

  async insert(records: readonly LogRecord[]): Promise<void> {
    if (records.length === 0) return;
    const values: unknown[] = [];
    const rows = records.map((record) => {
      const base = values.length;
      values.push(...logColumns(record));
      return `(${[1, 2, 3, 4, 5, 6, 7].map((i) => `$${base + i}`).join(', ')})`;
    });
    await this.query(`INSERT INTO logs (at, level, event_type, camera, clip_id, msg, data) VALUES ${rows.join(', ')}`, values);
  }

  async list(query: ParsedLogQuery): Promise<LogPage> {
    const filter = buildLogFilter(query, (n) => `$${n}`);
    const limit = `$${filter.params.length + 1}`;
    const result = await this.query(
      `SELECT id, at, level, event_type, camera, clip_id, msg, data FROM logs ${filter.where} ORDER BY id DESC LIMIT ${limit}`,
      [...filter.params, query.limit + 1],
    );
    const logs = result.rows.slice(0, query.limit).map(parseLogRow);
    const last = logs[logs.length - 1];
    return { logs, nextCursor: result.rows.length > query.limit && last ? encodeLogCursor(last.id) : null };
  }

  async deleteOlderThan(before: Date): Promise<number> {
    const result = await this.query('DELETE FROM logs WHERE at < $1', [before.getTime()]);
    return result.rowCount ?? 0;
  }

  private async query(sql: string, params: unknown[]): Promise<pg.QueryResult> {
    if (!this.pool) throw new StoreUnavailableError('Postgres log store is not started');
    try {
      return await this.pool.query(sql, params);
    } catch (e) {
      throw new StoreUnavailableError(`Postgres logs: ${(e as Error).message}`, { cause: e });
    }
  }
}
