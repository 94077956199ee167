import { join } from 'node:path';
import type { LogStore } from '../core/log-store.js';
import type { Logger } from '../core/logger.js';
import { SQLITE_FILE_NAME } from './create-clip-store.js';
import { PostgresLogStore } from './postgres-log-store.js';
import { SqliteLogStore } from './sqlite-log-store.js';

/** Logs live in the clip store's database: the same SQLite file, or the same Postgres URL and schema. */
export function createLogStore(settings: { databaseUrl: string; dataDir: string }, log?: Logger): LogStore {
  if (settings.databaseUrl === '') return new SqliteLogStore(join(settings.dataDir, SQLITE_FILE_NAME));
  return new PostgresLogStore({ url: settings.databaseUrl, ...(log ? { log } : {}) });
}
