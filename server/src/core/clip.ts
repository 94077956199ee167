import { z } from 'zod';
import { AnalysisSchema } from './analysis.js';
import { DetectionResultSchema } from './detection.js';

/**
 * Pipeline stages after a clip is stored. A clip's work ends when its evidence is stored: deciding and
 * alerting belong to its event (events/), for every source alike.
 */
export const STAGE_NAMES = ['upload', 'detect', 'analyze'] as const;
export const StageNameSchema = z.enum(STAGE_NAMES);
export type StageName = z.infer<typeof StageNameSchema>;

export const CLIP_STATUSES = ['queued', 'processing', 'done', 'failed', 'deleted'] as const;
export const ClipStatusSchema = z.enum(CLIP_STATUSES);
export type ClipStatus = z.infer<typeof ClipStatusSchema>;

// home_assistant names a camera's kind in the dashboard; its clips and events are recorded as rtsp (the same live machinery).
export const SOURCE_KINDS = ['folder', 'ftp', 'rtsp', 'home_assistant', 'cli'] as const;
export const SourceKindSchema = z.enum(SOURCE_KINDS);
export type SourceKind = z.infer<typeof SourceKindSchema>;

export const StageOutcomeKindSchema = z.enum(['ok', 'skipped', 'failed']);
export type StageOutcomeKind = z.infer<typeof StageOutcomeKindSchema>;

/** How one stage ended for one clip. */
export const StageRecordSchema = z.object({
  outcome: StageOutcomeKindSchema,
  reason: z.string().nullable(),
  ms: z.number().min(0),
  at: z.iso.datetime({ offset: true }),
  attempts: z.number().int().min(1),
});
export type StageRecord = z.infer<typeof StageRecordSchema>;

export const VideoInfoSchema = z.object({
  width: z.number().int().positive(),
  height: z.number().int().positive(),
  codec: z.string(),
  fps: z.number().min(0),
});
export type VideoInfo = z.infer<typeof VideoInfoSchema>;

export const OffsiteCopySchema = z.object({
  backend: z.string(),
  path: z.string(),
  at: z.iso.datetime({ offset: true }),
});

export const NotificationRecordSchema = z.object({
  status: z.enum(['pending', 'delivered', 'failed']),
  attempts: z.number().int().min(0),
  at: z.iso.datetime({ offset: true }),
  error: z.string().nullable(),
});
export type NotificationRecord = z.infer<typeof NotificationRecordSchema>;

/** The state document of one clip; stores keep it as JSON beside typed columns for filtering. */
const ClipDocSchema = z.object({
  id: z.string().min(1),
  camera: z.string().min(1),
  source: SourceKindSchema,
  /** The file name the camera or source gave it (for the user; never used as identity). */
  originalName: z.string(),
  /** Path of the stored MP4, relative to the media folder (so a moved media folder keeps working). */
  mediaPath: z.string(),
  thumbnailPath: z.string().nullable(),
  snapshotPath: z.string().nullable(),
  startedAt: z.iso.datetime({ offset: true }),
  endedAt: z.iso.datetime({ offset: true }).nullable(),
  durationS: z.number().min(0).nullable(),
  sizeBytes: z.number().int().min(0),
  video: VideoInfoSchema.nullable(),
  status: ClipStatusSchema,
  stages: z.partialRecord(StageNameSchema, StageRecordSchema),
  detection: DetectionResultSchema.nullable(),
  analysis: AnalysisSchema.nullable(),
  /** The clip's event alerted: retention keeps it longest and lists filter on it. The decision itself is the event's. */
  alerted: z.boolean().default(false),
  offsite: OffsiteCopySchema.nullable(),
  notifications: z.record(z.string(), NotificationRecordSchema),
  /** The camera event this clip was recorded for (null for clips from before events existed). */
  eventId: z.string().nullable().default(null),
  /** Recovered after HomeSec was killed mid-recording: it ends where the recorder stopped, not post-roll after the motion. */
  cutShort: z.boolean().default(false),
  /** Why the clip failed, in words, when status is `failed`. */
  error: z.string().nullable(),
  createdAt: z.iso.datetime({ offset: true }),
  updatedAt: z.iso.datetime({ offset: true }),
});

/**
 * Clip documents written by earlier versions (in the stores, the local states, the store's write
 * journal and set-aside writes) carried the alert decision and the `decide`/`notify` stages: their
 * decision becomes `alerted`, the two stages are dropped. Everything else reads as it was written.
 */
function fromEarlierVersions(doc: unknown): unknown {
  if (typeof doc !== 'object' || doc === null || !('decision' in doc)) return doc;
  const { decision, stages, ...rest } = doc as { decision?: unknown; stages?: unknown } & Record<string, unknown>;
  const alert = typeof decision === 'object' && decision !== null && (decision as { alert?: unknown }).alert === true;
  const kept =
    typeof stages === 'object' && stages !== null
      ? Object.fromEntries(Object.entries(stages).filter(([name]) => name !== 'decide' && name !== 'notify'))
      : stages;
  return { ...rest, stages: kept, alerted: ('alerted' in rest ? rest.alerted : undefined) ?? alert };
}

export const ClipSchema = z.preprocess(fromEarlierVersions, ClipDocSchema);
export type Clip = z.infer<typeof ClipDocSchema>;

/** Labels a clip is filtered on: every label the detector saw. */
export function clipLabels(clip: Clip): string[] {
  return clip.detection?.labels.map((l) => l.label) ?? [];
}
