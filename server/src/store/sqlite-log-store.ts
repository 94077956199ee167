import type Database from 'better-sqlite3';
import { encodeLogCursor, type LogPage, type LogRecord, type LogStore, type ParsedLogQuery } from '../core/log-store.js';
import { StoreUnavailableError } from '../core/errors.js';
import { buildLogFilter, logColumns, parseLogRow } from './log-row.js';
import { openSqlite } from './sqlite-connection.js';

/**
 * The `logs` table of the SQLite clip store, on a second connection to the same file (WAL: log
 * inserts never wait for a reader, and a clip write waits at most one small batch).
 */
export class SqliteLogStore implements LogStore {
  readonly description: string;
  private db: Database.Database | null = null;

  constructor(private readonly path: string) {
    this.description = `sqlite ${path}`;
  }

  async start(): Promise<void> {
    if (this.db) return;
    try {
      this.db = openSqlite(this.path, { synchronous: 'NORMAL', busyTimeoutMs: 2000, fileMustExist: true });
    } catch (e) {
      throw new StoreUnavailableError(`cannot open SQLite database ${this.path}: ${(e as Error).message}`, { cause: e });
    }
  }

  async stop(): Promise<void> {
    this.db?.close();
    this.db = null;
  }

  async insert(records: readonly LogRecord[]): Promise<void> {
    if (records.length === 0) return;
    this.guard((db) => {
      const statement = db.prepare('INSERT INTO logs (at, level, event_type, camera, clip_id, msg, data) VALUES (?, ?, ?, ?, ?, ?, ?)');
      db.transaction(() => {
        for (const record of records) statement.run(...logColumns(record));
      })();
    });
  }

  async list(query: ParsedLogQuery): Promise<LogPage> {
    const filter = buildLogFilter(query, () => '?');
    const sql = `SELECT id, at, level, event_type, camera, clip_id, msg, data FROM logs ${filter.where} ORDER BY id DESC LIMIT ?`;
    const rows = this.guard((db) => db.prepare(sql).all(...filter.params, query.limit + 1));
    const logs = rows.slice(0, query.limit).map(parseLogRow);
    const last = logs[logs.length - 1];
    return { logs, nextCursor: rows.length > query.limit && last ? encodeLogCursor(last.id) : null };
  }

  async deleteOlderThan(before: Date): Promise<number> {
    return this.guard((db) => db.prepare('DELETE FROM logs WHERE at < ?').run(before.getTime()).changes);
  }

  private guard<T>(fn: (db: Database.Database) => T): T {
    if (!this.db) throw new StoreUnavailableError('SQLite log store is not open');
    try {
      return fn(this.db);
    } catch (e) {
      throw new StoreUnavailableError(`SQLite logs: ${(e as Error).message}`, { cause: e });
    }
  }
}
