import { join } from 'node:path';
import pino from 'pino';
import type { ClipStore } from '../../../server/src/core/clip-store.js';
import { PostgresClipStore } from '../../../server/src/store/postgres-clip-store.js';
import { SqliteClipStore } from '../../../server/src/store/sqlite-clip-store.js';
import { isolatedDatabaseUrl } from '../../support/postgres.js';
import { makeTempDir } from '../../support/temp-dir.js';

export interface StoreBackend {
  readonly store: ClipStore;
  readonly cleanup: () => Promise<void>;
}

/** Both clip stores, each on its own empty database, for `describe.each`. */
export const STORE_BACKENDS: readonly [string, () => StoreBackend][] = [
  [
    'SQLite',
    () => {
      const dir = makeTempDir();
      return { store: new SqliteClipStore(join(dir.path, 'clips.db')), cleanup: async () => dir.remove() };
    },
  ],
  [
    'Postgres',
    () => {
      const db = isolatedDatabaseUrl();
      return { store: new PostgresClipStore({ url: db.url, log: pino({ level: 'silent' }) }), cleanup: db.drop };
    },
  ],
];
