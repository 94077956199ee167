import type { Migration } from './migration.js';

export const SQLITE_MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'clips and lifecycle events',
    sql: `
      CREATE TABLE clips (
        id TEXT PRIMARY KEY,
        camera TEXT NOT NULL,
        started_at INTEGER NOT NULL,
        status TEXT NOT NULL,
        risk INTEGER,
        alerted INTEGER NOT NULL DEFAULT 0,
        doc TEXT NOT NULL,
        updated_at INTEGER NOT NULL
      );
      CREATE INDEX clips_started ON clips (started_at DESC, id DESC);
      CREATE INDEX clips_camera_started ON clips (camera, started_at DESC, id DESC);
      CREATE INDEX clips_status_started ON clips (status, started_at DESC, id DESC);
      CREATE INDEX clips_alerted_started ON clips (alerted, started_at DESC, id DESC);
      CREATE INDEX clips_risk_started ON clips (risk, started_at DESC, id DESC);

      CREATE TABLE clip_labels (
        clip_id TEXT NOT NULL,
        label TEXT NOT NULL,
        started_at INTEGER NOT NULL,
        PRIMARY KEY (clip_id, label)
      ) WITHOUT ROWID;
      CREATE INDEX clip_labels_label ON clip_labels (label, started_at DESC, clip_id DESC);

      -- Keyed by the clips table's rowid: FTS5 finds and replaces a row by rowid without a scan.
      CREATE VIRTUAL TABLE clip_search USING fts5 (body, tokenize = 'unicode61');

      CREATE TABLE clip_events (
        seq INTEGER PRIMARY KEY AUTOINCREMENT,
        id TEXT NOT NULL UNIQUE,
        clip_id TEXT NOT NULL,
        type TEXT NOT NULL,
        at INTEGER NOT NULL,
        data TEXT NOT NULL
      );
      CREATE INDEX clip_events_clip ON clip_events (clip_id, seq);
    `,
  },
  {
    version: 2,
    name: 'log records for the dashboard',
    sql: `
      CREATE TABLE logs (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        at INTEGER NOT NULL,
        level INTEGER NOT NULL,
        event_type TEXT,
        camera TEXT,
        clip_id TEXT,
        msg TEXT NOT NULL,
        data TEXT NOT NULL
      );
      CREATE INDEX logs_at ON logs (at);
      CREATE INDEX logs_level ON logs (level, id);
      CREATE INDEX logs_clip ON logs (clip_id, id) WHERE clip_id IS NOT NULL;
      CREATE INDEX logs_event_type ON logs (event_type, id) WHERE event_type IS NOT NULL;
      CREATE INDEX logs_camera ON logs (camera, id) WHERE camera IS NOT NULL;
    `,
  },
  {
    version: 3,
    name: 'camera events',
    sql: `
      CREATE TABLE camera_events (
        id TEXT PRIMARY KEY,
        camera TEXT NOT NULL,
        started_at INTEGER NOT NULL,
        status TEXT NOT NULL,
        triggered INTEGER NOT NULL,
        alerted INTEGER NOT NULL,
        reviewed INTEGER NOT NULL,
        risk INTEGER,
        labels TEXT NOT NULL,
        doc TEXT NOT NULL,
        updated_at INTEGER NOT NULL
      );
      CREATE INDEX camera_events_started ON camera_events (started_at DESC, id DESC);
      CREATE INDEX camera_events_camera_started ON camera_events (camera, started_at DESC, id DESC);
      CREATE INDEX camera_events_alerted_started ON camera_events (alerted, reviewed, started_at DESC, id DESC);
      CREATE INDEX camera_events_triggered_started ON camera_events (triggered, started_at DESC, id DESC);
    `,
  },
  {
    version: 4,
    // The event decides and alerts: a clip keeps only whether its event alerted.
    name: 'clips: the decision moves to the event',
    sql: `
      UPDATE clips SET doc = json_set(
        json_remove(doc, '$.decision', '$.stages.decide', '$.stages.notify'),
        '$.alerted',
        json(CASE WHEN json_extract(doc, '$.decision.alert') = 1 THEN 'true' ELSE 'false' END)
      )
      WHERE json_type(doc, '$.decision') IS NOT NULL;
    `,
  },
];
