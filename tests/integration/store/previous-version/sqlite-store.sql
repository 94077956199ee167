PRAGMA foreign_keys=OFF;
BEGIN TRANSACTION;
CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL);
INSERT INTO schema_migrations VALUES(1,'clips and lifecycle events','2026-12-07T11:27:36.392Z');
INSERT INTO schema_migrations VALUES(2,'log records for the dashboard','2026-12-07T11:27:36.392Z');
INSERT INTO schema_migrations VALUES(3,'camera events','2026-12-07T11:27:36.392Z');
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
INSERT INTO clips VALUES('porch_20261207T112725_8f0ecb','porch',1796642845789,'done',NULL,1,'{"id":"porch_20261207T112725_8f0ecb","camera":"porch","source":"cli","originalName":"pedestrians.mp4","mediaPath":"porch/2026-12-07/porch_20261207T112725_8f0ecb.mp4","thumbnailPath":"porch/2026-12-07/porch_20261207T112725_8f0ecb.thumb.jpg","snapshotPath":"porch/2026-12-07/porch_20261207T112725_8f0ecb.snapshot.jpg","startedAt":"2026-12-07T11:27:25.789Z","endedAt":"2026-12-07T11:27:39.409Z","durationS":13.62,"sizeBytes":2763347,"video":{"width":1280,"height":720,"codec":"h264","fps":25.036710719530102},"status":"done","stages":{"upload":{"outcome":"skipped","reason":"offsite_disabled","ms":17,"at":"2026-12-07T11:27:41.608Z","attempts":1},"detect":{"outcome":"ok","reason":null,"ms":10327,"at":"2026-12-07T11:27:51.919Z","attempts":1},"analyze":{"outcome":"skipped","reason":"analyzer_disabled","ms":15,"at":"2026-12-07T11:27:52.233Z","attempts":1},"decide":{"outcome":"ok","reason":null,"ms":7,"at":"2026-12-07T11:27:52.263Z","attempts":1},"notify":{"outcome":"skipped","reason":"no_notifiers","ms":1,"at":"2026-12-07T11:27:52.320Z","attempts":1}},"detection":{"model":"yolox_nano","framesSampled":2,"labels":[{"label":"person","bestScore":0.8511,"frames":2}],"triggered":true,"bestFrame":{"t":0,"detections":[{"label":"person","score":0.8511,"box":[450,409.04,499.61,531.65]},{"label":"person","score":0.8418,"box":[504.46,285.49,547.55,394.31]},{"label":"person","score":0.8043,"box":[969.51,219.1,1015.74,315.43]},{"label":"person","score":0.7828,"box":[475.41,149.31,510.37,248.04]},{"label":"person","score":0.7775,"box":[938.52,467.58,1008.88,591.94]},{"label":"person","score":0.712,"box":[167.33,299.04,215.84,408.59]},{"label":"person","score":0.6913,"box":[1196.31,103.8,1237.14,190.86]},{"label":"person","score":0.6882,"box":[239.89,4.76,279.04,90.15]},{"label":"person","score":0.6873,"box":[763.05,609.44,826.55,717.93]},{"label":"person","score":0.6753,"box":[61.88,84.04,96.93,165.47]},{"label":"person","score":0.6716,"box":[26.37,534.33,95.61,662.55]},{"label":"person","score":0.6223,"box":[1233.48,467.62,1279.69,567.23]},{"label":"person","score":0.6163,"box":[756.67,320.55,807.98,418.63]},{"label":"person","score":0.5556,"box":[806.28,80.91,837.72,176.08]}]},"earlyExit":true,"frameWidth":1280,"frameHeight":720},"analysis":null,"decision":{"alert":true,"reason":"trigger_label_vlm_skipped","detail":"detector saw person; VLM skipped (analyzer_disabled), so the detector result alerts"},"offsite":null,"notifications":{},"eventId":"evt_porch_20261207T112725_3850f4","cutShort":false,"error":null,"createdAt":"2026-12-07T11:27:41.391Z","updatedAt":"2026-12-07T11:27:52.378Z"}',1796642872378);
CREATE TABLE clip_labels (
        clip_id TEXT NOT NULL,
        label TEXT NOT NULL,
        started_at INTEGER NOT NULL,
        PRIMARY KEY (clip_id, label)
      ) WITHOUT ROWID;
INSERT INTO clip_labels VALUES('porch_20261207T112725_8f0ecb','person',1796642845789);
CREATE VIRTUAL TABLE clip_search USING fts5 (body, tokenize = 'unicode61');
CREATE TABLE clip_events (
        seq INTEGER PRIMARY KEY AUTOINCREMENT,
        id TEXT NOT NULL UNIQUE,
        clip_id TEXT NOT NULL,
        type TEXT NOT NULL,
        at INTEGER NOT NULL,
        data TEXT NOT NULL
      );
INSERT INTO clip_events VALUES(1,'50c9d7fa-dbe5-4d03-9660-49d544cb9356','porch_20261207T112725_8f0ecb','clip_received',1796642861391,'{"source":"cli","original_name":"pedestrians.mp4","path":"/tmp/oldrun/pedestrians.mp4"}');
INSERT INTO clip_events VALUES(2,'e2a05fed-3215-466b-b1f1-41f1e010646b','porch_20261207T112725_8f0ecb','clip_stored',1796642861511,'{"method":"moved","size_bytes":2763347,"ms":90}');
INSERT INTO clip_events VALUES(3,'771f1e17-5d29-4075-bac5-0b2aace03b4b','porch_20261207T112725_8f0ecb','stage_skipped',1796642861608,'{"stage":"upload","ms":17,"attempts":1,"reason":"offsite_disabled","retryable":false,"again":false}');
INSERT INTO clip_events VALUES(4,'fc6d6dbf-f6a3-4420-acbc-8855eac5bfaf','porch_20261207T112725_8f0ecb','stage_succeeded',1796642871919,'{"stage":"detect","ms":10327,"attempts":1,"reason":null,"retryable":false,"again":false}');
INSERT INTO clip_events VALUES(5,'06bb876f-7a54-4695-8d15-0ea01f30672f','porch_20261207T112725_8f0ecb','stage_skipped',1796642872233,'{"stage":"analyze","ms":15,"attempts":1,"reason":"analyzer_disabled","retryable":false,"again":false}');
INSERT INTO clip_events VALUES(6,'f76a1bd7-e438-416f-8d5b-ae5984e5f977','porch_20261207T112725_8f0ecb','stage_succeeded',1796642872263,'{"stage":"decide","ms":7,"attempts":1,"reason":"trigger_label_vlm_skipped","retryable":false,"again":false,"alert":true}');
INSERT INTO clip_events VALUES(7,'8dd8a24b-abc0-4776-a801-0c2f7ca214d7','porch_20261207T112725_8f0ecb','stage_skipped',1796642872320,'{"stage":"notify","ms":1,"attempts":1,"reason":"no_notifiers","retryable":false,"again":false}');
INSERT INTO clip_events VALUES(8,'24960113-1135-4452-8420-33c0fedad557','porch_20261207T112725_8f0ecb','clip_done',1796642872377,'{"ms":10815,"failed_stages":[]}');
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
INSERT INTO camera_events VALUES('evt_porch_20261207T112725_3850f4','porch',1796642845789,'closed',1,1,0,NULL,' person ','{"id":"evt_porch_20261207T112725_3850f4","camera":"porch","source":"cli","status":"closed","startedAt":"2026-12-07T11:27:25.789Z","endedAt":"2026-12-07T11:27:39.409Z","detectorRan":true,"labels":[{"label":"person","bestScore":0.8511,"frames":2}],"triggered":true,"triggeredAt":"2026-12-07T11:27:25.789Z","moments":[{"at":"2026-12-07T11:27:25.789Z","detections":[{"label":"person","score":0.8511,"box":[450,409.04,499.61,531.65]},{"label":"person","score":0.8418,"box":[504.46,285.49,547.55,394.31]},{"label":"person","score":0.8043,"box":[969.51,219.1,1015.74,315.43]},{"label":"person","score":0.7828,"box":[475.41,149.31,510.37,248.04]},{"label":"person","score":0.7775,"box":[938.52,467.58,1008.88,591.94]},{"label":"person","score":0.712,"box":[167.33,299.04,215.84,408.59]},{"label":"person","score":0.6913,"box":[1196.31,103.8,1237.14,190.86]},{"label":"person","score":0.6882,"box":[239.89,4.76,279.04,90.15]},{"label":"person","score":0.6873,"box":[763.05,609.44,826.55,717.93]},{"label":"person","score":0.6753,"box":[61.88,84.04,96.93,165.47]},{"label":"person","score":0.6716,"box":[26.37,534.33,95.61,662.55]},{"label":"person","score":0.6223,"box":[1233.48,467.62,1279.69,567.23]},{"label":"person","score":0.6163,"box":[756.67,320.55,807.98,418.63]},{"label":"person","score":0.5556,"box":[806.28,80.91,837.72,176.08]}],"frameWidth":1280,"frameHeight":720}],"snapshotPath":"porch/2026-12-07/porch_20261207T112725_8f0ecb.snapshot.jpg","analysis":null,"analysisSource":null,"decision":{"alert":true,"reason":"trigger_label_vlm_skipped","detail":"detector saw person; VLM skipped (analyzer_disabled), so the detector result alerts"},"alerts":[{"key":"new","phase":"new","at":"2026-12-07T11:27:52.168Z","reason":"trigger_label_vlm_skipped","deliveries":{}},{"key":"end","phase":"end","at":"2026-12-07T11:27:52.439Z","reason":"clip_done","deliveries":{}}],"clipIds":["porch_20261207T112725_8f0ecb"],"recording":false,"openClipIds":[],"endReason":"clip_done","reviewedAt":null,"feedback":null,"createdAt":"2026-12-07T11:27:41.271Z","updatedAt":"2026-12-07T11:27:52.439Z"}',1796642872439);
DELETE FROM sqlite_sequence;
INSERT INTO sqlite_sequence VALUES('clip_events',8);
CREATE INDEX clips_started ON clips (started_at DESC, id DESC);
CREATE INDEX clips_camera_started ON clips (camera, started_at DESC, id DESC);
CREATE INDEX clips_status_started ON clips (status, started_at DESC, id DESC);
CREATE INDEX clips_alerted_started ON clips (alerted, started_at DESC, id DESC);
CREATE INDEX clips_risk_started ON clips (risk, started_at DESC, id DESC);
CREATE INDEX clip_labels_label ON clip_labels (label, started_at DESC, clip_id DESC);
CREATE INDEX clip_events_clip ON clip_events (clip_id, seq);
CREATE INDEX logs_at ON logs (at);
CREATE INDEX logs_level ON logs (level, id);
CREATE INDEX logs_clip ON logs (clip_id, id) WHERE clip_id IS NOT NULL;
CREATE INDEX logs_event_type ON logs (event_type, id) WHERE event_type IS NOT NULL;
CREATE INDEX logs_camera ON logs (camera, id) WHERE camera IS NOT NULL;
CREATE INDEX camera_events_started ON camera_events (started_at DESC, id DESC);
CREATE INDEX camera_events_camera_started ON camera_events (camera, started_at DESC, id DESC);
CREATE INDEX camera_events_alerted_started ON camera_events (alerted, reviewed, started_at DESC, id DESC);
CREATE INDEX camera_events_triggered_started ON camera_events (triggered, started_at DESC, id DESC);
COMMIT;
