PRAGMA foreign_keys=OFF;
BEGIN TRANSACTION;
CREATE TABLE local_tables (name TEXT PRIMARY KEY, version INTEGER NOT NULL);
INSERT INTO local_tables VALUES('store_journal',1);
INSERT INTO local_tables VALUES('clip_states',1);
INSERT INTO local_tables VALUES('store_dead_letters',1);
INSERT INTO local_tables VALUES('event_states',1);
INSERT INTO local_tables VALUES('vlm_spend',2);
INSERT INTO local_tables VALUES('settings',1);
INSERT INTO local_tables VALUES('alert_cooldown',2);
INSERT INTO local_tables VALUES('feedback_rules',1);
INSERT INTO local_tables VALUES('pipeline_jobs',1);
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
INSERT INTO clip_states VALUES('porch_20261207T112755_b96666','{"id":"porch_20261207T112755_b96666","camera":"porch","source":"cli","originalName":"pedestrians.mp4","mediaPath":"porch/2026-12-07/porch_20261207T112755_b96666.mp4","thumbnailPath":"porch/2026-12-07/porch_20261207T112755_b96666.thumb.jpg","snapshotPath":"porch/2026-12-07/porch_20261207T112755_b96666.snapshot.jpg","startedAt":"2026-12-07T11:27:55.028Z","endedAt":"2026-12-07T11:28:08.648Z","durationS":13.62,"sizeBytes":2763347,"video":{"width":1280,"height":720,"codec":"h264","fps":25.036710719530102},"status":"done","stages":{"upload":{"outcome":"skipped","reason":"offsite_disabled","ms":1,"at":"2026-12-07T11:28:10.050Z","attempts":1},"detect":{"outcome":"ok","reason":null,"ms":6537,"at":"2026-12-07T11:28:16.587Z","attempts":1},"analyze":{"outcome":"skipped","reason":"analyzer_disabled","ms":19,"at":"2026-12-07T11:28:16.845Z","attempts":1},"decide":{"outcome":"ok","reason":null,"ms":1,"at":"2026-12-07T11:28:16.884Z","attempts":1},"notify":{"outcome":"skipped","reason":"no_notifiers","ms":4,"at":"2026-12-07T11:28:16.913Z","attempts":1}},"detection":{"model":"yolox_nano","framesSampled":2,"labels":[{"label":"person","bestScore":0.8511,"frames":2}],"triggered":true,"bestFrame":{"t":0,"detections":[{"label":"person","score":0.8511,"box":[450,409.04,499.61,531.65]},{"label":"person","score":0.8418,"box":[504.46,285.49,547.55,394.31]},{"label":"person","score":0.8043,"box":[969.51,219.1,1015.74,315.43]},{"label":"person","score":0.7828,"box":[475.41,149.31,510.37,248.04]},{"label":"person","score":0.7775,"box":[938.52,467.58,1008.88,591.94]},{"label":"person","score":0.712,"box":[167.33,299.04,215.84,408.59]},{"label":"person","score":0.6913,"box":[1196.31,103.8,1237.14,190.86]},{"label":"person","score":0.6882,"box":[239.89,4.76,279.04,90.15]},{"label":"person","score":0.6873,"box":[763.05,609.44,826.55,717.93]},{"label":"person","score":0.6753,"box":[61.88,84.04,96.93,165.47]},{"label":"person","score":0.6716,"box":[26.37,534.33,95.61,662.55]},{"label":"person","score":0.6223,"box":[1233.48,467.62,1279.69,567.23]},{"label":"person","score":0.6163,"box":[756.67,320.55,807.98,418.63]},{"label":"person","score":0.5556,"box":[806.28,80.91,837.72,176.08]}]},"earlyExit":true,"frameWidth":1280,"frameHeight":720},"analysis":null,"decision":{"alert":true,"reason":"trigger_label_vlm_skipped","detail":"detector saw person; VLM skipped (analyzer_disabled), so the detector result alerts"},"offsite":null,"notifications":{},"eventId":"evt_porch_20261207T112755_37398c","cutShort":false,"error":null,"createdAt":"2026-12-07T11:28:09.891Z","updatedAt":"2026-12-07T11:28:18.158Z"}','done',1796642898158);
CREATE TABLE store_dead_letters (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        journal_seq INTEGER NOT NULL,
        kind TEXT,
        clip_id TEXT,
        reason TEXT NOT NULL,
        at INTEGER NOT NULL,
        write TEXT NOT NULL
      );
CREATE TABLE event_states (
        event_id TEXT PRIMARY KEY,
        camera TEXT NOT NULL,
        doc TEXT NOT NULL,
        status TEXT NOT NULL,
        updated_at INTEGER NOT NULL
      );
INSERT INTO event_states VALUES('evt_porch_20261207T112755_37398c','porch','{"id":"evt_porch_20261207T112755_37398c","camera":"porch","source":"cli","status":"closed","startedAt":"2026-12-07T11:27:55.028Z","endedAt":"2026-12-07T11:28:08.648Z","detectorRan":true,"labels":[{"label":"person","bestScore":0.8511,"frames":2}],"triggered":true,"triggeredAt":"2026-12-07T11:27:55.028Z","moments":[{"at":"2026-12-07T11:27:55.028Z","detections":[{"label":"person","score":0.8511,"box":[450,409.04,499.61,531.65]},{"label":"person","score":0.8418,"box":[504.46,285.49,547.55,394.31]},{"label":"person","score":0.8043,"box":[969.51,219.1,1015.74,315.43]},{"label":"person","score":0.7828,"box":[475.41,149.31,510.37,248.04]},{"label":"person","score":0.7775,"box":[938.52,467.58,1008.88,591.94]},{"label":"person","score":0.712,"box":[167.33,299.04,215.84,408.59]},{"label":"person","score":0.6913,"box":[1196.31,103.8,1237.14,190.86]},{"label":"person","score":0.6882,"box":[239.89,4.76,279.04,90.15]},{"label":"person","score":0.6873,"box":[763.05,609.44,826.55,717.93]},{"label":"person","score":0.6753,"box":[61.88,84.04,96.93,165.47]},{"label":"person","score":0.6716,"box":[26.37,534.33,95.61,662.55]},{"label":"person","score":0.6223,"box":[1233.48,467.62,1279.69,567.23]},{"label":"person","score":0.6163,"box":[756.67,320.55,807.98,418.63]},{"label":"person","score":0.5556,"box":[806.28,80.91,837.72,176.08]}],"frameWidth":1280,"frameHeight":720}],"snapshotPath":"porch/2026-12-07/porch_20261207T112755_b96666.snapshot.jpg","analysis":null,"analysisSource":null,"decision":{"alert":true,"reason":"trigger_label_vlm_skipped","detail":"detector saw person; VLM skipped (analyzer_disabled), so the detector result alerts"},"alerts":[{"key":"new","phase":"new","at":"2026-12-07T11:28:16.693Z","reason":"trigger_label_vlm_skipped","deliveries":{}},{"key":"end","phase":"end","at":"2026-12-07T11:28:18.188Z","reason":"clip_done","deliveries":{}}],"clipIds":["porch_20261207T112755_b96666"],"recording":false,"openClipIds":[],"endReason":"clip_done","reviewedAt":null,"feedback":null,"createdAt":"2026-12-07T11:28:09.724Z","updatedAt":"2026-12-07T11:28:18.194Z"}','closed',1796642898194);
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
      , calls INTEGER NOT NULL DEFAULT 1);
CREATE TABLE settings (
      key TEXT PRIMARY KEY,
      value TEXT NOT NULL
    );
CREATE TABLE alert_cooldown (
        camera TEXT PRIMARY KEY,
        alerted_at INTEGER NOT NULL,
        risk_rank INTEGER NOT NULL
      , clip_id TEXT);
INSERT INTO alert_cooldown VALUES('porch',1796642896665,-1,'evt_porch_20261207T112755_37398c');
CREATE TABLE feedback_rules (
        rule_id TEXT PRIMARY KEY,
        doc TEXT NOT NULL,
        created_at INTEGER NOT NULL
      );
CREATE TABLE pipeline_jobs (
        clip_id TEXT PRIMARY KEY,
        enqueued_at INTEGER NOT NULL,
        -- Set until the file is safely in the media folder: where to take it from on recovery.
        source_path TEXT,
        consume INTEGER NOT NULL DEFAULT 1
      );
DELETE FROM sqlite_sequence;
INSERT INTO sqlite_sequence VALUES('store_journal',27);
CREATE INDEX clip_states_status ON clip_states (status, updated_at)
    ;
CREATE INDEX event_states_active ON event_states (status, camera);
CREATE INDEX vlm_spend_month ON vlm_spend (month);
CREATE INDEX vlm_spend_clip ON vlm_spend (clip_id)
    ;
CREATE INDEX vlm_spend_at ON vlm_spend (at)
    ;
COMMIT;
