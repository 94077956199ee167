import Database from 'better-sqlite3';
import type { Migration } from './migration.js';

export interface SqliteOpenOptions {
  /** FULL where a lost write would lose a queued clip (the local database); NORMAL elsewhere (WAL makes it safe). */
  readonly synchronous: 'NORMAL' | 'FULL';
  readonly busyTimeoutMs: number;
  /** Open only an existing file (a second connection to a database another part created). */
  readonly fileMustExist?: boolean;
}

/** Opens a SQLite file in WAL mode, so readers never wait for the writer. */
export function openSqlite(path: string, options: SqliteOpenOptions): Database.Database {
  const db = new Database(path, { fileMustExist: options.fileMustExist ?? false });
  db.pragma('journal_mode = WAL');
  db.pragma(`synchronous = ${options.synchronous}`);
  db.pragma(`busy_timeout = ${options.busyTimeoutMs}`);
  return db;
}

/**
 * Applies versioned migrations in order, each in its own write transaction, and records them. The
 * version is checked again inside the write lock: two processes may start on the same file at once.
 */
export function applySqliteMigrations(db: Database.Database, migrations: readonly Migration[]): void {
  db.exec('CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)');
  const isApplied = db.prepare('SELECT 1 FROM schema_migrations WHERE version = ?');
  const record = db.prepare('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)');
  for (const migration of migrations) {
    db.transaction(() => {
      if (isApplied.get(migration.version)) return;
      db.exec(migration.sql);
      record.run(migration.version, migration.name, new Date().toISOString());
    }).immediate();
  }
}
