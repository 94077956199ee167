import { z } from 'zod';
import { ActivityTypeSchema } from '../core/analysis.js';
import { AlertPhaseSchema, type AlertPhase, type CameraEvent } from '../core/camera-event.js';
import { RiskLevelSchema } from '../core/risk-level.js';

/** 2: one event sends `new`, then `update`s as the verdict improves, then `end` with the clip (v1 sent one message per clip). */
export const ALERT_SCHEMA_VERSION = 2;

/** Risk of an alert the vision model has not rated (yet): the detector alone spoke. */
export const UNRATED = 'unrated';

/** The alert as it leaves HomeSec (MQTT feed, HA event data, email fields); snake_case, versioned. */
export const AlertPayloadSchema = z.strictObject({
  schema_version: z.literal(ALERT_SCHEMA_VERSION),
  /** The same for every message of one event: a phone replaces its notification by it (`tag`). */
  event_id: z.string().min(1),
  phase: AlertPhaseSchema,
  /** 1 for `new`, then one more with each message of the event: the highest is the latest. */
  sequence: z.number().int().min(1),
  camera: z.string().min(1),
  /** When the activity started: ISO 8601 in the local time zone with its offset. */
  started_at: z.iso.datetime({ offset: true }),
  ended_at: z.iso.datetime({ offset: true }).nullable(),
  /** The event's latest clip; null while the first one is still being recorded. */
  clip_id: z.string().nullable(),
  risk_level: z.union([RiskLevelSchema, z.literal(UNRATED)]),
  /**
   * The levels this event's earlier messages carried, oldest first: a phone automation that filters by
   * level notifies an event once any of its messages passed, and then replaces that notification.
   */
  earlier_risk_levels: z.array(z.string()),
  activity: ActivityTypeSchema.nullable(),
  title: z.string(),
  summary: z.string(),
  labels: z.array(z.string()),
  /** The camera's zones (`zones[]`) a moving trigger object stood in so far, first entered first; [] when none. */
  zones: z.array(z.string()),
  reason: z.string(),
  clip_url: z.url().nullable(),
  snapshot_url: z.url().nullable(),
  /** The event's snapshot relative to the media folder (HA: /media/local/<media folder>/<this>), or null. */
  snapshot_path: z.string().nullable(),
  /**
   * `end` only: the clip (`clip_id`) as a file phones play (H.264 MP4), relative to the media folder like
   * `snapshot_path`; null before the end and when there is no such file yet (an H.265 clip before its copy).
   */
  clip_path: z.string().nullable(),
});
export type AlertPayload = z.infer<typeof AlertPayloadSchema>;

/** ISO 8601 with the numeric offset of the process's time zone (not "Z", not the seed's offset-less time). */
export function isoWithOffset(date: Date): string {
  const offsetMin = -date.getTimezoneOffset();
  const local = new Date(date.getTime() + offsetMin * 60_000).toISOString().slice(0, -1);
  const sign = offsetMin >= 0 ? '+' : '-';
  const abs = Math.abs(offsetMin);
  return `${local}${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
}

/** What the event is about, in a few words, before (or without) the vision model's title. */
export function fallbackTitle(camera: string, labels: readonly string[]): string {
  const what = labels.length > 0 ? labels.map((l) => l.charAt(0).toUpperCase() + l.slice(1)).join(', ') : 'Motion';
  return `${what} at ${camera.replace(/_/g, ' ')}`;
}

/**
 * The message of one phase of an event; links only when a public base URL is configured. `clipPath`: the
 * clip's playable file, found by the caller; only `end` carries it (the clip is whole then).
 */
export function buildAlertPayload(
  event: CameraEvent,
  phase: AlertPhase,
  sequence: number,
  publicUrl: string,
  clipPath: string | null = null,
): AlertPayload {
  const labels = event.labels.map((l) => l.label);
  const base = publicUrl.replace(/\/+$/, '');
  const clipId = event.clipIds[event.clipIds.length - 1] ?? null;
  const link = (path: string) => (base ? `${base}/api/${path}` : null);
  const analysis = event.analysis;
  return AlertPayloadSchema.parse({
    schema_version: ALERT_SCHEMA_VERSION,
    event_id: event.id,
    phase,
    sequence,
    camera: event.camera,
    started_at: isoWithOffset(new Date(event.startedAt)),
    ended_at: event.endedAt ? isoWithOffset(new Date(event.endedAt)) : null,
    clip_id: clipId,
    risk_level: analysis?.riskLevel ?? UNRATED,
    earlier_risk_levels: event.alerts.slice(0, Math.max(0, sequence - 1)).map((a) => a.riskLevel ?? UNRATED),
    activity: analysis?.activity ?? null,
    title: analysis?.title ?? fallbackTitle(event.camera, labels),
    summary: analysis?.summary ?? event.decision?.detail ?? '',
    labels,
    zones: event.zones ?? [],
    reason: event.decision?.reason ?? 'unknown',
    clip_url: clipId ? link(`clips/${encodeURIComponent(clipId)}/video`) : null,
    snapshot_url: event.snapshotPath ? link(`events/${encodeURIComponent(event.id)}/snapshot`) : null,
    snapshot_path: event.snapshotPath,
    clip_path: phase === 'end' ? clipPath : null,
  });
}
