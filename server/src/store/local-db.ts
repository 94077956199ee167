import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { HomesecError } from '../core/errors.js';
import { LOCAL_MIGRATIONS } from './local-migrations.js';
import type { Migration } from './migration.js';

export const LOCAL_DB_FILE_NAME = 'local.db';

export class LocalDbError extends HomesecError {}

/**
 * Opens `<data_dir>/local.db` (WAL, synchronous=FULL: a queued clip must survive power loss) and
 * applies its migrations. Opening it is P0: failure stops start-up with one clear message.
 */
export function openLocalDb(dataDir: string, migrations: readonly Migration[] = LOCAL_MIGRATIONS): Database.Database {
  const path = join(dataDir, LOCAL_DB_FILE_NAME);
  try {
    mkdirSync(dataDir, { recursive: true });
    const db = new Database(path);
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = FULL');
    db.pragma('busy_timeout = 5000');
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
    return db;
  } catch (e) {
    throw new LocalDbError(`cannot open the local database ${path}: ${(e as Error).message}`, { cause: e });
  }
}
