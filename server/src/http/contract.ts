/**
 * The dashboard's contract: zod schemas for REST input and output, and the socket.io event maps.
 * The web imports only types from here (import type), so nothing below may touch Node APIs.
 */
import { z } from 'zod';
import { CameraViewSchema, type CameraView } from '../cameras/camera-view.js';
import { AlertPhaseSchema, CameraEventSchema, EventStatusSchema, UserFeedbackSchema } from '../core/camera-event.js';
import { ClipEventSchema, ClipEventTypeSchema } from '../core/clip-event.js';
import { ClipSchema, ClipStatusSchema, SourceKindSchema, StageNameSchema, StageOutcomeKindSchema } from '../core/clip.js';
import { RiskLevelSchema } from '../core/risk-level.js';
import { ClipLatencySchema } from '../metrics/clip-latency.js';
import { LatencySummarySchema } from '../metrics/latency-summary.js';
import type { MotionClientEvents, MotionServerEvents } from './motion-watch-contract.js';

// ---- REST input (query strings arrive as strings; coerce here, reject unknown keys) ----

const isoDateTime = z.iso.datetime({ offset: true, error: 'expected an ISO 8601 date-time with a time zone, e.g. 2026-11-21T10:00:00Z' });
const booleanText = z.enum(['true', 'false'], { error: 'expected true or false' }).transform((v) => v === 'true');

/** `GET /api/clips` query: camelCase keys, as every REST field. */
export const ClipListQuerySchema = z
  .strictObject({
    camera: z.string().min(1).max(64).optional(),
    label: z.string().min(1).max(64).optional(),
    status: ClipStatusSchema.optional(),
    minRisk: RiskLevelSchema.optional(),
    alerted: booleanText.optional(),
    from: isoDateTime.optional(),
    to: isoDateTime.optional(),
    /** Words searched in the VLM title, summary and observations (FTS5 / Postgres full-text search). */
    text: z.string().trim().min(1).max(200).optional(),
    limit: z.coerce.number({ error: 'expected a whole number from 1 to 200' }).int().min(1).max(200).default(50),
    cursor: z.string().min(1).max(500).optional(),
  })
  .refine((q) => q.from === undefined || q.to === undefined || Date.parse(q.from) < Date.parse(q.to), {
    message: 'from must be earlier than to',
    path: ['from'],
  });
export type ClipListQuery = z.output<typeof ClipListQuerySchema>;

export const ClipIdParamsSchema = z.strictObject({ id: z.string().min(1).max(200) });
export const CameraNameParamsSchema = z.strictObject({ name: z.string().min(1).max(64) });
export const ArmedBodySchema = z.strictObject({ armed: z.boolean({ error: 'expected true or false' }) });
export const EmptyQuerySchema = z.strictObject({});

// ---- REST output ----

export const StageProgressSchema = z.object({ outcome: StageOutcomeKindSchema, ms: z.number() });

/** One row of the timeline: what the list shows, without detections and observations. */
export const ClipSummarySchema = z.object({
  id: z.string(),
  camera: z.string(),
  startedAt: z.string(),
  durationS: z.number().nullable(),
  status: ClipStatusSchema,
  stages: z.partialRecord(StageNameSchema, StageProgressSchema),
  labels: z.array(z.string()),
  riskLevel: RiskLevelSchema.nullable(),
  title: z.string().nullable(),
  summary: z.string().nullable(),
  /** Null until the clip is through, unless its event alerted already (the event decides). */
  alerted: z.boolean().nullable(),
  /** The event the clip was recorded for; its page shows the clip. Null for clips from before events existed. */
  eventId: z.string().nullable(),
  hasThumbnail: z.boolean(),
  hasSnapshot: z.boolean(),
  error: z.string().nullable(),
});
export type ClipSummary = z.infer<typeof ClipSummarySchema>;

export const ClipListResponseSchema = z.object({
  clips: z.array(ClipSummarySchema),
  nextCursor: z.string().nullable(),
});
export type ClipListResponse = z.infer<typeof ClipListResponseSchema>;

/** A lifecycle event with how long after the previous one (and after the first) it happened. */
export const LifecycleEntrySchema = ClipEventSchema.extend({
  sincePreviousMs: z.number().nullable(),
  sinceStartMs: z.number(),
});
export type LifecycleEntry = z.infer<typeof LifecycleEntrySchema>;

export const StageTimingSchema = z.object({
  stage: StageNameSchema,
  outcome: StageOutcomeKindSchema,
  reason: z.string().nullable(),
  ms: z.number(),
  at: z.string(),
  attempts: z.number(),
});
export type StageTiming = z.infer<typeof StageTimingSchema>;

export const ClipDetailSchema = z.object({
  clip: ClipSchema,
  lifecycle: z.array(LifecycleEntrySchema),
  stages: z.array(StageTimingSchema),
  /** VLM cost of this clip in USD; null when no analysis ran. */
  costUsd: z.number().nullable(),
  /** How late each step happened, from the clip's end and from its storing. */
  latency: ClipLatencySchema,
});
export type ClipDetail = z.infer<typeof ClipDetailSchema>;

export { CameraViewSchema, type CameraView } from '../cameras/camera-view.js';

export const CameraListResponseSchema = z.object({ cameras: z.array(CameraViewSchema) });
export type CameraListResponse = z.infer<typeof CameraListResponseSchema>;

export const StorageFigureSchema = z.object({
  usedBytes: z.number(),
  files: z.number(),
  /** When the last full count of the media folder finished; null while the first one runs. */
  scannedAt: z.string().nullable(),
});
export type StorageFigure = z.infer<typeof StorageFigureSchema>;

export const StatsResponseSchema = z.object({
  clipsToday: z.number(),
  alertsToday: z.number(),
  spendThisMonthUsd: z.number(),
  monthlyBudgetUsd: z.number(),
  analyzerEnabled: z.boolean(),
  storage: StorageFigureSchema,
  versions: z.object({ homesec: z.string(), node: z.string() }),
  /** Alert latency and per-step latency (p50/p95) over the clips done in the last 24 h; null when it could not be read. */
  latency: LatencySummarySchema.nullable(),
});
export type StatsResponse = z.infer<typeof StatsResponseSchema>;

export const HealthCheckSchema = z.object({
  status: z.enum(['healthy', 'degraded', 'unhealthy']),
  message: z.string(),
});
export const HealthResponseSchema = z.object({
  status: z.enum(['healthy', 'degraded', 'unhealthy']),
  checks: z.record(z.string(), HealthCheckSchema),
  version: z.string(),
});
export type HealthResponse = z.infer<typeof HealthResponseSchema>;

export const ApiErrorSchema = z.object({ error: z.string(), message: z.string() });
export type ApiError = z.infer<typeof ApiErrorSchema>;

// ---- camera events ----

/** `GET /api/events` query: alerts (alerted=true), detections (triggered=true) or everything. */
export const EventListQuerySchema = z
  .strictObject({
    camera: z.string().min(1).max(64).optional(),
    alerted: booleanText.optional(),
    triggered: booleanText.optional(),
    reviewed: booleanText.optional(),
    status: EventStatusSchema.optional(),
    minRisk: RiskLevelSchema.optional(),
    label: z.string().min(1).max(64).optional(),
    from: isoDateTime.optional(),
    to: isoDateTime.optional(),
    limit: z.coerce.number({ error: 'expected a whole number from 1 to 200' }).int().min(1).max(200).default(50),
    cursor: z.string().min(1).max(500).optional(),
  })
  .refine((q) => q.from === undefined || q.to === undefined || Date.parse(q.from) < Date.parse(q.to), {
    message: 'from must be earlier than to',
    path: ['from'],
  });
export type EventListQuery = z.output<typeof EventListQuerySchema>;

export const EventIdParamsSchema = z.strictObject({ id: z.string().min(1).max(200) });

/** One card of the review grid. */
export const EventSummarySchema = z.object({
  id: z.string(),
  camera: z.string(),
  source: SourceKindSchema,
  status: EventStatusSchema,
  startedAt: z.string(),
  endedAt: z.string().nullable(),
  /** When a trigger label was first confirmed: where the preview and the video start. */
  triggeredAt: z.string().nullable(),
  labels: z.array(z.string()),
  triggered: z.boolean(),
  riskLevel: RiskLevelSchema.nullable(),
  title: z.string().nullable(),
  summary: z.string().nullable(),
  alerted: z.boolean(),
  /** Phases sent so far (`new`, `update`, `end`). */
  phases: z.array(AlertPhaseSchema),
  reviewed: z.boolean(),
  feedback: UserFeedbackSchema.nullable(),
  hasSnapshot: z.boolean(),
  clipIds: z.array(z.string()),
  /** Still being recorded (a live camera) or processed. */
  inProgress: z.boolean(),
});
export type EventSummary = z.infer<typeof EventSummarySchema>;

export const EventListResponseSchema = z.object({ events: z.array(EventSummarySchema), nextCursor: z.string().nullable() });
export type EventListResponse = z.infer<typeof EventListResponseSchema>;

/**
 * Everything the event page shows: the event with its detection moments and alerts, and its clips. A clip
 * from before events existed is shown as an event made from that clip alone, read-only (nothing to review,
 * give feedback on or make a rule from: no such event is stored).
 */
export const EventDetailSchema = z.object({
  event: CameraEventSchema,
  clips: z.array(ClipSummarySchema),
  /** The event sent its first alert (for a clip-only view: the clip was marked alerted). */
  alerted: z.boolean(),
  readOnly: z.boolean(),
});
export type EventDetail = z.infer<typeof EventDetailSchema>;

// ---- socket.io (server -> client; the dashboard sends only the motion overlay's watch and unwatch) ----

export const ClipDeltaSchema = z.object({
  clip: ClipSummarySchema,
  event: z.object({ type: ClipEventTypeSchema, at: z.string() }),
});
export type ClipDelta = z.infer<typeof ClipDeltaSchema>;

export const LiveSnapshotSchema = z.object({
  clips: z.array(ClipSummarySchema),
  /** Recent events, newest first (events in progress included). */
  events: z.array(EventSummarySchema),
  cameras: z.array(CameraViewSchema),
});
export type LiveSnapshot = z.infer<typeof LiveSnapshotSchema>;

export const ClipDeletedSchema = z.object({ id: z.string(), camera: z.string() });
export type ClipDeleted = z.infer<typeof ClipDeletedSchema>;

export interface ServerToClientEvents extends MotionServerEvents {
  /** Sent once on every (re)connect: recent clips and every camera, then only deltas. */
  snapshot: (payload: LiveSnapshot) => void;
  'clip:created': (payload: ClipDelta) => void;
  /** Each recorded lifecycle step (stage done, skipped, failed; notification; done). */
  'clip:updated': (payload: ClipDelta) => void;
  'clip:deleted': (payload: ClipDeleted) => void;
  'camera:status': (payload: CameraView) => void;
  /** An event began: a live camera saw motion, or a whole clip arrived. */
  'event:opened': (payload: EventSummary) => void;
  /** Any change of an event: detections, verdict, alerts, clips, its end. */
  'event:updated': (payload: EventSummary) => void;
}

export type ClientToServerEvents = MotionClientEvents;

export const SOCKET_PATH = '/socket.io';
/** Clips in the snapshot a client gets on connect. */
export const SNAPSHOT_CLIPS = 50;
