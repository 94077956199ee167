import { join } from 'node:path';
import type { ClipStore } from '../core/clip-store.js';
import type { Logger } from '../core/logger.js';
import { PostgresClipStore } from './postgres-clip-store.js';
import { SqliteClipStore } from './sqlite-clip-store.js';

export const SQLITE_FILE_NAME = 'homesec.db';

/** The store registry: `database_url` empty means SQLite in the data folder, a postgres:// URL means Postgres. */
export function createClipStore(settings: { databaseUrl: string; dataDir: string }, log: Logger): ClipStore {
  if (settings.databaseUrl === '') return new SqliteClipStore(join(settings.dataDir, SQLITE_FILE_NAME));
  return new PostgresClipStore({ url: settings.databaseUrl, log });
}
