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
        enqueued_at INTEGER NOT NULL,
        -- Set until the file is safely in the media folder: where to take it from on recovery.
        source_path TEXT,
        consume INTEGER NOT NULL DEFAULT 1
      );
      CREATE TABLE deferred_uploads (
        clip_id TEXT PRIMARY KEY,
        attempts INTEGER NOT NULL,
        next_at INTEGER NOT NULL
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
  {
    version: 2,
    name: 'VLM spend ledger, notification outbox, alert cooldown',
    sql: `
      CREATE TABLE vlm_spend (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        clip_id TEXT NOT NULL,
        camera TEXT NOT NULL,
        model TEXT NOT NULL,
        month TEXT NOT NULL,
        at INTEGER NOT NULL,
        prompt_tokens INTEGER NOT NULL,
        completion_tokens INTEGER NOT NULL,
        cost_usd REAL NOT NULL,
        outcome TEXT NOT NULL
      );
      CREATE INDEX vlm_spend_month ON vlm_spend (month);
      CREATE INDEX vlm_spend_clip ON vlm_spend (clip_id);
      CREATE TABLE notification_outbox (
        seq INTEGER PRIMARY KEY AUTOINCREMENT,
        clip_id TEXT NOT NULL,
        notifier TEXT NOT NULL,
        clip_doc TEXT NOT NULL,
        status TEXT NOT NULL,
        attempts INTEGER NOT NULL DEFAULT 0,
        next_at INTEGER NOT NULL,
        last_error TEXT,
        updated_at INTEGER NOT NULL,
        UNIQUE (clip_id, notifier)
      );
      CREATE INDEX notification_outbox_due ON notification_outbox (status, notifier, seq);
      CREATE TABLE alert_cooldown (
        camera TEXT PRIMARY KEY,
        alerted_at INTEGER NOT NULL,
        risk_rank INTEGER NOT NULL
      );
    `,
  },
  {
    version: 3,
    name: 'alert cooldown remembers the clip that alerted',
    sql: `ALTER TABLE alert_cooldown ADD COLUMN clip_id TEXT;`,
  },
];
