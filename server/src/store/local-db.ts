import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type Database from 'better-sqlite3';
import { applySqliteMigrations, openSqlite } from './sqlite-connection.js';
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
    const db = openSqlite(path, { synchronous: 'FULL', busyTimeoutMs: 5000 });
    applySqliteMigrations(db, migrations);
    return db;
  } catch (e) {
    throw new LocalDbError(`cannot open the local database ${path}: ${(e as Error).message}`, { cause: e });
  }
}
