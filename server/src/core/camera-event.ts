import { z } from 'zod';
import { AlertDecisionSchema } from './alert-decision.js';
import { AnalysisSchema } from './analysis.js';
import { NotificationRecordSchema, SourceKindSchema } from './clip.js';
import { DetectionSchema, LabelSummarySchema, ObjectCountSchema } from './detection.js';

const isoDateTime = z.iso.datetime({ offset: true });

export const EVENT_STATUSES = ['active', 'closed'] as const;
export const EventStatusSchema = z.enum(EVENT_STATUSES);
export type EventStatus = z.infer<typeof EventStatusSchema>;

/** The messages one event can send: the first alert, improvements of it, and the closing one with the clip. */
export const ALERT_PHASES = ['new', 'update', 'end'] as const;
export const AlertPhaseSchema = z.enum(ALERT_PHASES);
export type AlertPhase = z.infer<typeof AlertPhaseSchema>;

/** One moment the detector looked at during the event, with what it saw (boxes in frame pixels). */
export const DetectionMomentSchema = z.object({
  at: isoDateTime,
  detections: z.array(DetectionSchema),
  frameWidth: z.number().int().positive(),
  frameHeight: z.number().int().positive(),
});
export type DetectionMoment = z.infer<typeof DetectionMomentSchema>;

/** An alert message that went out (or was queued) for the event. */
export const SentAlertSchema = z.object({
  /** `new`, `update-1`, `update-2`, `end`: unique per event, the outbox key. */
  key: z.string().min(1),
  phase: AlertPhaseSchema,
  at: isoDateTime,
  reason: z.string(),
  /** The risk level this message carried (`unrated` before the verdict); absent in events stored before it was kept. */
  riskLevel: z.string().optional(),
  /** How each notifier's delivery went, by notifier name. */
  deliveries: z.record(z.string(), NotificationRecordSchema),
});
export type SentAlert = z.infer<typeof SentAlertSchema>;

export const UserFeedbackSchema = z.object({
  verdict: z.enum(['false_alarm', 'correct']),
  at: isoDateTime,
});

/**
 * What a user cares about: something happened in front of a camera. One per period of activity; it
 * owns the live detections, the alert messages and the clip(s) recorded for it (a long event split
 * by max_clip_s is still one event). Whole clips (folder, FTP) are one event each.
 */
export const CameraEventSchema = z.object({
  id: z.string().min(1),
  camera: z.string().min(1),
  source: SourceKindSchema,
  status: EventStatusSchema,
  /** When the activity started (the first motion; for a whole clip, its start). */
  startedAt: isoDateTime,
  /** When the activity ended; null while it goes on. */
  endedAt: isoDateTime.nullable(),
  /** The detector looked at the event (live frames or its clip), whether or not it found anything. */
  detectorRan: z.boolean(),
  /** Every label the detector saw, best score first. */
  labels: z.array(LabelSummarySchema),
  /** Distinct objects per label, moving and stationary ("2 persons, 1 car"); absent on events from before objects were tracked. */
  objectCounts: z.array(ObjectCountSchema).optional(),
  /** A trigger label was confirmed over `confirm_frames` (on moving objects, live). */
  triggered: z.boolean(),
  /** When the trigger was first confirmed (the moment the first alert could go out). */
  triggeredAt: isoDateTime.nullable(),
  /** Zones (alerts' `zones`) a moving trigger object stood in, first entered first; absent on events from before zones. */
  zones: z.array(z.string()).optional(),
  /** Detection moments in time order (bounded); the dashboard draws and jumps between them. */
  moments: z.array(DetectionMomentSchema),
  /** The best picture with its boxes, relative to the media folder. */
  snapshotPath: z.string().nullable(),
  analysis: AnalysisSchema.nullable(),
  /** `early`: from the first seconds of activity; `clip`: from the whole clip. */
  analysisSource: z.enum(['early', 'clip']).nullable(),
  /** The latest alert decision, with its reason (also when it did not alert). */
  decision: AlertDecisionSchema.nullable(),
  alerts: z.array(SentAlertSchema),
  clipIds: z.array(z.string()),
  /** A live recording for the event is still going on (its last clip is not handed over yet). */
  recording: z.boolean(),
  /** Clips of the event still in the pipeline: the event closes once none is left and recording ended. */
  openClipIds: z.array(z.string()),
  /** Why the event ended: `activity_ended`, `clip_done`, `interrupted` (HomeSec stopped or crashed during it). */
  endReason: z.string().nullable(),
  reviewedAt: isoDateTime.nullable(),
  feedback: UserFeedbackSchema.nullable(),
  createdAt: isoDateTime,
  updatedAt: isoDateTime,
});
export type CameraEvent = z.infer<typeof CameraEventSchema>;

/** The most detection moments an event keeps (the first ones and the best ones survive). */
export const MAX_EVENT_MOMENTS = 60;

/** True once the first alert of the event went out (or is queued). */
export function eventAlerted(event: CameraEvent): boolean {
  return event.alerts.some((a) => a.phase === 'new');
}
