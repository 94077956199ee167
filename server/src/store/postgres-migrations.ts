import type { Migration } from './migration.js';

export const POSTGRES_MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'clips and lifecycle events',
    sql: `
      CREATE TABLE clips (
        id text PRIMARY KEY,
        camera text NOT NULL,
        started_at bigint NOT NULL,
        status text NOT NULL,
        risk smallint,
        alerted boolean NOT NULL DEFAULT false,
        labels text[] NOT NULL DEFAULT '{}',
        search_text text NOT NULL DEFAULT '',
        search tsvector GENERATED ALWAYS AS (to_tsvector('simple', search_text)) STORED,
        doc jsonb NOT NULL,
        updated_at bigint NOT NULL
      );
      CREATE INDEX clips_started ON clips (started_at DESC, id DESC);
      CREATE INDEX clips_camera_started ON clips (camera, started_at DESC, id DESC);
      CREATE INDEX clips_status_started ON clips (status, started_at DESC, id DESC);
      CREATE INDEX clips_alerted_started ON clips (alerted, started_at DESC, id DESC);
      CREATE INDEX clips_risk_started ON clips (risk, started_at DESC, id DESC);
      CREATE INDEX clips_labels ON clips USING gin (labels);
      CREATE INDEX clips_search ON clips USING gin (search);

      CREATE TABLE clip_events (
        seq bigserial PRIMARY KEY,
        id text NOT NULL UNIQUE,
        clip_id text NOT NULL,
        type text NOT NULL,
        at bigint NOT NULL,
        data jsonb NOT NULL
      );
      CREATE INDEX clip_events_clip ON clip_events (clip_id, seq);
    `,
  },
  {
    version: 2,
    name: 'log records for the dashboard',
    sql: `
      CREATE TABLE logs (
        id bigserial PRIMARY KEY,
        at bigint NOT NULL,
        level smallint NOT NULL,
        event_type text,
        camera text,
        clip_id text,
        msg text NOT NULL,
        data jsonb NOT NULL
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
        id text PRIMARY KEY,
        camera text NOT NULL,
        started_at bigint NOT NULL,
        status text NOT NULL,
        triggered boolean NOT NULL,
        alerted boolean NOT NULL,
        reviewed boolean NOT NULL,
        risk smallint,
        labels text NOT NULL,
        doc jsonb NOT NULL,
        updated_at bigint NOT NULL
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
      UPDATE clips SET doc = jsonb_set(
        (doc - 'decision') #- '{stages,decide}' #- '{stages,notify}',
        '{alerted}',
        to_jsonb(coalesce((doc -> 'decision' ->> 'alert')::boolean, false))
      )
      WHERE doc ? 'decision';
    `,
  },
];
