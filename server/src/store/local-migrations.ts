import type { Migration } from './migration.js';

/**
 * The local database is always a SQLite file in the data folder, whatever the clip store is: it holds
 * what must survive a crash while Postgres, the broker or the network are down (P0).
 */
export const LOCAL_MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'store journal, clip states, pipeline queue, source manifests, settings',
    sql: `
      CREATE TABLE store_journal (
        seq INTEGER PRIMARY KEY AUTOINCREMENT,
        write TEXT NOT NULL
      );
      CREATE TABLE clip_states (
        clip_id TEXT PRIMARY KEY,
        doc TEXT NOT NULL,
        status TEXT NOT NULL,
        updated_at INTEGER NOT NULL
      );
      CREATE INDEX clip_states_status ON clip_states (status, updated_at);
      CREATE TABLE pipeline_jobs (
        clip_id TEXT PRIMARY KEY,
        enqueued_at INTEGER NOT NULL
      );
      CREATE TABLE source_manifest (
        camera TEXT NOT NULL,
        key TEXT NOT NULL,
        taken_at INTEGER NOT NULL,
        PRIMARY KEY (camera, key)
      ) WITHOUT ROWID;
      CREATE TABLE settings (
        key TEXT PRIMARY KEY,
        value TEXT NOT NULL
      );
    `,
  },
];
