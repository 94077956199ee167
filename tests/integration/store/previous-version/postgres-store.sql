--
-- PostgreSQL database dump
--


-- Dumped from database version 15.20 (Debian 15.20-0+deb12u1)
-- Dumped by pg_dump version 15.20 (Debian 15.20-0+deb12u1)

SET statement_timeout = 0;
SET lock_timeout = 0;
SET idle_in_transaction_session_timeout = 0;
SET client_encoding = 'UTF8';
SET standard_conforming_strings = on;
SELECT pg_catalog.set_config('search_path', '', false);
SET check_function_bodies = false;
SET xmloption = content;
SET client_min_messages = warning;
SET row_security = off;

--
-- Name: homesec_v_prev; Type: SCHEMA; Schema: -; Owner: -
--

CREATE SCHEMA homesec_v_prev;


SET default_tablespace = '';

SET default_table_access_method = heap;

--
-- Name: camera_events; Type: TABLE; Schema: homesec_v_prev; Owner: -
--

CREATE TABLE homesec_v_prev.camera_events (
    id text NOT NULL,
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


--
-- Name: clip_events; Type: TABLE; Schema: homesec_v_prev; Owner: -
--

CREATE TABLE homesec_v_prev.clip_events (
    seq bigint NOT NULL,
    id text NOT NULL,
    clip_id text NOT NULL,
    type text NOT NULL,
    at bigint NOT NULL,
    data jsonb NOT NULL
);


--
-- Name: clip_events_seq_seq; Type: SEQUENCE; Schema: homesec_v_prev; Owner: -
--

CREATE SEQUENCE homesec_v_prev.clip_events_seq_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;


--
-- Name: clip_events_seq_seq; Type: SEQUENCE OWNED BY; Schema: homesec_v_prev; Owner: -
--

ALTER SEQUENCE homesec_v_prev.clip_events_seq_seq OWNED BY homesec_v_prev.clip_events.seq;


--
-- Name: clips; Type: TABLE; Schema: homesec_v_prev; Owner: -
--

CREATE TABLE homesec_v_prev.clips (
    id text NOT NULL,
    camera text NOT NULL,
    started_at bigint NOT NULL,
    status text NOT NULL,
    risk smallint,
    alerted boolean DEFAULT false NOT NULL,
    labels text[] DEFAULT '{}'::text[] NOT NULL,
    search_text text DEFAULT ''::text NOT NULL,
    search tsvector GENERATED ALWAYS AS (to_tsvector('simple'::regconfig, search_text)) STORED,
    doc jsonb NOT NULL,
    updated_at bigint NOT NULL
);


--
-- Name: logs; Type: TABLE; Schema: homesec_v_prev; Owner: -
--

CREATE TABLE homesec_v_prev.logs (
    id bigint NOT NULL,
    at bigint NOT NULL,
    level smallint NOT NULL,
    event_type text,
    camera text,
    clip_id text,
    msg text NOT NULL,
    data jsonb NOT NULL
);


--
-- Name: logs_id_seq; Type: SEQUENCE; Schema: homesec_v_prev; Owner: -
--

CREATE SEQUENCE homesec_v_prev.logs_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;


--
-- Name: logs_id_seq; Type: SEQUENCE OWNED BY; Schema: homesec_v_prev; Owner: -
--

ALTER SEQUENCE homesec_v_prev.logs_id_seq OWNED BY homesec_v_prev.logs.id;


--
-- Name: schema_migrations; Type: TABLE; Schema: homesec_v_prev; Owner: -
--

CREATE TABLE homesec_v_prev.schema_migrations (
    version integer NOT NULL,
    name text NOT NULL,
    applied_at timestamp with time zone DEFAULT now() NOT NULL
);


--
-- Name: clip_events seq; Type: DEFAULT; Schema: homesec_v_prev; Owner: -
--

ALTER TABLE ONLY homesec_v_prev.clip_events ALTER COLUMN seq SET DEFAULT nextval('homesec_v_prev.clip_events_seq_seq'::regclass);


--
-- Name: logs id; Type: DEFAULT; Schema: homesec_v_prev; Owner: -
--

ALTER TABLE ONLY homesec_v_prev.logs ALTER COLUMN id SET DEFAULT nextval('homesec_v_prev.logs_id_seq'::regclass);


--
-- Data for Name: camera_events; Type: TABLE DATA; Schema: homesec_v_prev; Owner: -
--

INSERT INTO homesec_v_prev.camera_events VALUES ('evt_porch_20261207T112755_37398c', 'porch', 1796642875028, 'closed', true, true, false, NULL, ' person ', '{"id": "evt_porch_20261207T112755_37398c", "alerts": [{"at": "2026-12-07T11:28:16.693Z", "key": "new", "phase": "new", "reason": "trigger_label_vlm_skipped", "deliveries": {}}, {"at": "2026-12-07T11:28:18.188Z", "key": "end", "phase": "end", "reason": "clip_done", "deliveries": {}}], "camera": "porch", "labels": [{"label": "person", "frames": 2, "bestScore": 0.8511}], "source": "cli", "status": "closed", "clipIds": ["porch_20261207T112755_b96666"], "endedAt": "2026-12-07T11:28:08.648Z", "moments": [{"at": "2026-12-07T11:27:55.028Z", "detections": [{"box": [450, 409.04, 499.61, 531.65], "label": "person", "score": 0.8511}, {"box": [504.46, 285.49, 547.55, 394.31], "label": "person", "score": 0.8418}, {"box": [969.51, 219.1, 1015.74, 315.43], "label": "person", "score": 0.8043}, {"box": [475.41, 149.31, 510.37, 248.04], "label": "person", "score": 0.7828}, {"box": [938.52, 467.58, 1008.88, 591.94], "label": "person", "score": 0.7775}, {"box": [167.33, 299.04, 215.84, 408.59], "label": "person", "score": 0.712}, {"box": [1196.31, 103.8, 1237.14, 190.86], "label": "person", "score": 0.6913}, {"box": [239.89, 4.76, 279.04, 90.15], "label": "person", "score": 0.6882}, {"box": [763.05, 609.44, 826.55, 717.93], "label": "person", "score": 0.6873}, {"box": [61.88, 84.04, 96.93, 165.47], "label": "person", "score": 0.6753}, {"box": [26.37, 534.33, 95.61, 662.55], "label": "person", "score": 0.6716}, {"box": [1233.48, 467.62, 1279.69, 567.23], "label": "person", "score": 0.6223}, {"box": [756.67, 320.55, 807.98, 418.63], "label": "person", "score": 0.6163}, {"box": [806.28, 80.91, 837.72, 176.08], "label": "person", "score": 0.5556}], "frameWidth": 1280, "frameHeight": 720}], "analysis": null, "decision": {"alert": true, "detail": "detector saw person; VLM skipped (analyzer_disabled), so the detector result alerts", "reason": "trigger_label_vlm_skipped"}, "feedback": null, "createdAt": "2026-12-07T11:28:09.724Z", "endReason": "clip_done", "recording": false, "startedAt": "2026-12-07T11:27:55.028Z", "triggered": true, "updatedAt": "2026-12-07T11:28:18.194Z", "reviewedAt": null, "detectorRan": true, "openClipIds": [], "triggeredAt": "2026-12-07T11:27:55.028Z", "snapshotPath": "porch/2026-12-07/porch_20261207T112755_b96666.snapshot.jpg", "analysisSource": null}', 1796642898194);


--
-- Data for Name: clip_events; Type: TABLE DATA; Schema: homesec_v_prev; Owner: -
--

INSERT INTO homesec_v_prev.clip_events VALUES (1, '9c3e20db-bf2d-453e-a503-4d881cae0d92', 'porch_20261207T112755_b96666', 'clip_received', 1796642889892, '{"path": "/tmp/oldrun/pedestrians.mp4", "source": "cli", "original_name": "pedestrians.mp4"}');
INSERT INTO homesec_v_prev.clip_events VALUES (2, '87f6f96e-bbe6-4ede-a663-0ee7b421d1b0', 'porch_20261207T112755_b96666', 'clip_stored', 1796642889999, '{"ms": 58, "method": "moved", "size_bytes": 2763347}');
INSERT INTO homesec_v_prev.clip_events VALUES (3, 'b444b827-8fc8-4e77-81f9-5b9abd2a0d06', 'porch_20261207T112755_b96666', 'stage_skipped', 1796642890050, '{"ms": 1, "again": false, "stage": "upload", "reason": "offsite_disabled", "attempts": 1, "retryable": false}');
INSERT INTO homesec_v_prev.clip_events VALUES (4, '8d0547b7-93a5-4773-936d-9ee301da4023', 'porch_20261207T112755_b96666', 'stage_succeeded', 1796642896587, '{"ms": 6537, "again": false, "stage": "detect", "reason": null, "attempts": 1, "retryable": false}');
INSERT INTO homesec_v_prev.clip_events VALUES (5, '1a860a78-e645-4a55-91c1-084fe2190dc4', 'porch_20261207T112755_b96666', 'stage_skipped', 1796642896845, '{"ms": 19, "again": false, "stage": "analyze", "reason": "analyzer_disabled", "attempts": 1, "retryable": false}');
INSERT INTO homesec_v_prev.clip_events VALUES (6, '2d4dedaf-3983-4ead-b166-f146a6045c74', 'porch_20261207T112755_b96666', 'stage_succeeded', 1796642896885, '{"ms": 1, "again": false, "alert": true, "stage": "decide", "reason": "trigger_label_vlm_skipped", "attempts": 1, "retryable": false}');
INSERT INTO homesec_v_prev.clip_events VALUES (7, '5a8ffa91-ba97-4e44-ab47-bcf69696df74', 'porch_20261207T112755_b96666', 'stage_skipped', 1796642896913, '{"ms": 4, "again": false, "stage": "notify", "reason": "no_notifiers", "attempts": 1, "retryable": false}');
INSERT INTO homesec_v_prev.clip_events VALUES (8, '86bde57d-0718-4ed1-929a-cb8416ce6eeb', 'porch_20261207T112755_b96666', 'clip_done', 1796642898157, '{"ms": 8112, "failed_stages": []}');


--
-- Data for Name: clips; Type: TABLE DATA; Schema: homesec_v_prev; Owner: -
--

INSERT INTO homesec_v_prev.clips VALUES ('porch_20261207T112755_b96666', 'porch', 1796642875028, 'done', NULL, true, '{person}', '', DEFAULT, '{"id": "porch_20261207T112755_b96666", "error": null, "video": {"fps": 25.036710719530102, "codec": "h264", "width": 1280, "height": 720}, "camera": "porch", "source": "cli", "stages": {"decide": {"at": "2026-12-07T11:28:16.884Z", "ms": 1, "reason": null, "outcome": "ok", "attempts": 1}, "detect": {"at": "2026-12-07T11:28:16.587Z", "ms": 6537, "reason": null, "outcome": "ok", "attempts": 1}, "notify": {"at": "2026-12-07T11:28:16.913Z", "ms": 4, "reason": "no_notifiers", "outcome": "skipped", "attempts": 1}, "upload": {"at": "2026-12-07T11:28:10.050Z", "ms": 1, "reason": "offsite_disabled", "outcome": "skipped", "attempts": 1}, "analyze": {"at": "2026-12-07T11:28:16.845Z", "ms": 19, "reason": "analyzer_disabled", "outcome": "skipped", "attempts": 1}}, "status": "done", "endedAt": "2026-12-07T11:28:08.648Z", "eventId": "evt_porch_20261207T112755_37398c", "offsite": null, "analysis": null, "cutShort": false, "decision": {"alert": true, "detail": "detector saw person; VLM skipped (analyzer_disabled), so the detector result alerts", "reason": "trigger_label_vlm_skipped"}, "createdAt": "2026-12-07T11:28:09.891Z", "detection": {"model": "yolox_nano", "labels": [{"label": "person", "frames": 2, "bestScore": 0.8511}], "bestFrame": {"t": 0, "detections": [{"box": [450, 409.04, 499.61, 531.65], "label": "person", "score": 0.8511}, {"box": [504.46, 285.49, 547.55, 394.31], "label": "person", "score": 0.8418}, {"box": [969.51, 219.1, 1015.74, 315.43], "label": "person", "score": 0.8043}, {"box": [475.41, 149.31, 510.37, 248.04], "label": "person", "score": 0.7828}, {"box": [938.52, 467.58, 1008.88, 591.94], "label": "person", "score": 0.7775}, {"box": [167.33, 299.04, 215.84, 408.59], "label": "person", "score": 0.712}, {"box": [1196.31, 103.8, 1237.14, 190.86], "label": "person", "score": 0.6913}, {"box": [239.89, 4.76, 279.04, 90.15], "label": "person", "score": 0.6882}, {"box": [763.05, 609.44, 826.55, 717.93], "label": "person", "score": 0.6873}, {"box": [61.88, 84.04, 96.93, 165.47], "label": "person", "score": 0.6753}, {"box": [26.37, 534.33, 95.61, 662.55], "label": "person", "score": 0.6716}, {"box": [1233.48, 467.62, 1279.69, 567.23], "label": "person", "score": 0.6223}, {"box": [756.67, 320.55, 807.98, 418.63], "label": "person", "score": 0.6163}, {"box": [806.28, 80.91, 837.72, 176.08], "label": "person", "score": 0.5556}]}, "earlyExit": true, "triggered": true, "frameWidth": 1280, "frameHeight": 720, "framesSampled": 2}, "durationS": 13.62, "mediaPath": "porch/2026-12-07/porch_20261207T112755_b96666.mp4", "sizeBytes": 2763347, "startedAt": "2026-12-07T11:27:55.028Z", "updatedAt": "2026-12-07T11:28:18.158Z", "originalName": "pedestrians.mp4", "snapshotPath": "porch/2026-12-07/porch_20261207T112755_b96666.snapshot.jpg", "notifications": {}, "thumbnailPath": "porch/2026-12-07/porch_20261207T112755_b96666.thumb.jpg"}', 1796642898158);


--
-- Data for Name: logs; Type: TABLE DATA; Schema: homesec_v_prev; Owner: -
--



--
-- Data for Name: schema_migrations; Type: TABLE DATA; Schema: homesec_v_prev; Owner: -
--

INSERT INTO homesec_v_prev.schema_migrations VALUES (1, 'clips and lifecycle events', '2026-12-07 11:28:07.207613+00');
INSERT INTO homesec_v_prev.schema_migrations VALUES (2, 'log records for the dashboard', '2026-12-07 11:28:07.207613+00');
INSERT INTO homesec_v_prev.schema_migrations VALUES (3, 'camera events', '2026-12-07 11:28:07.207613+00');


--
-- Name: clip_events_seq_seq; Type: SEQUENCE SET; Schema: homesec_v_prev; Owner: -
--

SELECT pg_catalog.setval('homesec_v_prev.clip_events_seq_seq', 8, true);


--
-- Name: logs_id_seq; Type: SEQUENCE SET; Schema: homesec_v_prev; Owner: -
--

SELECT pg_catalog.setval('homesec_v_prev.logs_id_seq', 1, false);


--
-- Name: camera_events camera_events_pkey; Type: CONSTRAINT; Schema: homesec_v_prev; Owner: -
--

ALTER TABLE ONLY homesec_v_prev.camera_events
    ADD CONSTRAINT camera_events_pkey PRIMARY KEY (id);


--
-- Name: clip_events clip_events_id_key; Type: CONSTRAINT; Schema: homesec_v_prev; Owner: -
--

ALTER TABLE ONLY homesec_v_prev.clip_events
    ADD CONSTRAINT clip_events_id_key UNIQUE (id);


--
-- Name: clip_events clip_events_pkey; Type: CONSTRAINT; Schema: homesec_v_prev; Owner: -
--

ALTER TABLE ONLY homesec_v_prev.clip_events
    ADD CONSTRAINT clip_events_pkey PRIMARY KEY (seq);


--
-- Name: clips clips_pkey; Type: CONSTRAINT; Schema: homesec_v_prev; Owner: -
--

ALTER TABLE ONLY homesec_v_prev.clips
    ADD CONSTRAINT clips_pkey PRIMARY KEY (id);


--
-- Name: logs logs_pkey; Type: CONSTRAINT; Schema: homesec_v_prev; Owner: -
--

ALTER TABLE ONLY homesec_v_prev.logs
    ADD CONSTRAINT logs_pkey PRIMARY KEY (id);


--
-- Name: schema_migrations schema_migrations_pkey; Type: CONSTRAINT; Schema: homesec_v_prev; Owner: -
--

ALTER TABLE ONLY homesec_v_prev.schema_migrations
    ADD CONSTRAINT schema_migrations_pkey PRIMARY KEY (version);


--
-- Name: camera_events_alerted_started; Type: INDEX; Schema: homesec_v_prev; Owner: -
--

CREATE INDEX camera_events_alerted_started ON homesec_v_prev.camera_events USING btree (alerted, reviewed, started_at DESC, id DESC);


--
-- Name: camera_events_camera_started; Type: INDEX; Schema: homesec_v_prev; Owner: -
--

CREATE INDEX camera_events_camera_started ON homesec_v_prev.camera_events USING btree (camera, started_at DESC, id DESC);


--
-- Name: camera_events_started; Type: INDEX; Schema: homesec_v_prev; Owner: -
--

CREATE INDEX camera_events_started ON homesec_v_prev.camera_events USING btree (started_at DESC, id DESC);


--
-- Name: camera_events_triggered_started; Type: INDEX; Schema: homesec_v_prev; Owner: -
--

CREATE INDEX camera_events_triggered_started ON homesec_v_prev.camera_events USING btree (triggered, started_at DESC, id DESC);


--
-- Name: clip_events_clip; Type: INDEX; Schema: homesec_v_prev; Owner: -
--

CREATE INDEX clip_events_clip ON homesec_v_prev.clip_events USING btree (clip_id, seq);


--
-- Name: clips_alerted_started; Type: INDEX; Schema: homesec_v_prev; Owner: -
--

CREATE INDEX clips_alerted_started ON homesec_v_prev.clips USING btree (alerted, started_at DESC, id DESC);


--
-- Name: clips_camera_started; Type: INDEX; Schema: homesec_v_prev; Owner: -
--

CREATE INDEX clips_camera_started ON homesec_v_prev.clips USING btree (camera, started_at DESC, id DESC);


--
-- Name: clips_labels; Type: INDEX; Schema: homesec_v_prev; Owner: -
--

CREATE INDEX clips_labels ON homesec_v_prev.clips USING gin (labels);


--
-- Name: clips_risk_started; Type: INDEX; Schema: homesec_v_prev; Owner: -
--

CREATE INDEX clips_risk_started ON homesec_v_prev.clips USING btree (risk, started_at DESC, id DESC);


--
-- Name: clips_search; Type: INDEX; Schema: homesec_v_prev; Owner: -
--

CREATE INDEX clips_search ON homesec_v_prev.clips USING gin (search);


--
-- Name: clips_started; Type: INDEX; Schema: homesec_v_prev; Owner: -
--

CREATE INDEX clips_started ON homesec_v_prev.clips USING btree (started_at DESC, id DESC);


--
-- Name: clips_status_started; Type: INDEX; Schema: homesec_v_prev; Owner: -
--

CREATE INDEX clips_status_started ON homesec_v_prev.clips USING btree (status, started_at DESC, id DESC);


--
-- Name: logs_at; Type: INDEX; Schema: homesec_v_prev; Owner: -
--

CREATE INDEX logs_at ON homesec_v_prev.logs USING btree (at);


--
-- Name: logs_camera; Type: INDEX; Schema: homesec_v_prev; Owner: -
--

CREATE INDEX logs_camera ON homesec_v_prev.logs USING btree (camera, id) WHERE (camera IS NOT NULL);


--
-- Name: logs_clip; Type: INDEX; Schema: homesec_v_prev; Owner: -
--

CREATE INDEX logs_clip ON homesec_v_prev.logs USING btree (clip_id, id) WHERE (clip_id IS NOT NULL);


--
-- Name: logs_event_type; Type: INDEX; Schema: homesec_v_prev; Owner: -
--

CREATE INDEX logs_event_type ON homesec_v_prev.logs USING btree (event_type, id) WHERE (event_type IS NOT NULL);


--
-- Name: logs_level; Type: INDEX; Schema: homesec_v_prev; Owner: -
--

CREATE INDEX logs_level ON homesec_v_prev.logs USING btree (level, id);


--
-- PostgreSQL database dump complete
--


