import { join } from 'node:path';
import type { LogStore } from '../core/log-store.js';
import { SQLITE_FILE_NAME } from './create-clip-store.js';
import { PostgresLogStore } from './postgres-log-store.js';
import { SqliteLogStore } from './sqlite-log-store.js';

/** Logs live in the clip store's database: the same SQLite file, or the same Postgres URL and schema. */
export function createLogStore(settings: { database_url: string; data_dir: string }): LogStore {
  if (settings.database_url === '') return new SqliteLogStore(join(settings.data_dir, SQLITE_FILE_NAME));
  return new PostgresLogStore({ url: settings.database_url });
}
