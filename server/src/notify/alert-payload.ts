import { z } from 'zod';
import { ActivityTypeSchema } from '../core/analysis.js';
import { clipLabels, type Clip } from '../core/clip.js';
import { RiskLevelSchema } from '../core/risk-level.js';

export const ALERT_SCHEMA_VERSION = 1;

/** The alert as it leaves HomeSec (MQTT feed, HA event data, email fields); snake_case, versioned. */
export const AlertPayloadSchema = z.strictObject({
  schema_version: z.literal(ALERT_SCHEMA_VERSION),
  clip_id: z.string().min(1),
  camera: z.string().min(1),
  /** ISO 8601 in the local time zone with its offset, e.g. 2026-11-21T10:00:00.000+01:00. */
  started_at: z.iso.datetime({ offset: true }),
  /** Null when the alert comes from the detector alone (the VLM failed or was skipped). */
  risk_level: RiskLevelSchema.nullable(),
  activity: ActivityTypeSchema.nullable(),
  title: z.string(),
  summary: z.string(),
  labels: z.array(z.string()),
  reason: z.string(),
  clip_url: z.url().nullable(),
  snapshot_url: z.url().nullable(),
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

function titleOf(clip: Clip, labels: readonly string[]): string {
  if (clip.analysis) return clip.analysis.title;
  const what = labels.length > 0 ? labels.map((l) => l.charAt(0).toUpperCase() + l.slice(1)).join(', ') : 'Motion';
  return `${what} at ${clip.camera.replace(/_/g, ' ')}`;
}

/** The alert for an alerting clip; links only when a public base URL is configured. */
export function buildAlertPayload(clip: Clip, publicUrl: string): AlertPayload {
  const labels = clipLabels(clip);
  const base = publicUrl.replace(/\/+$/, '');
  const link = (file: string) => (base ? `${base}/api/clips/${encodeURIComponent(clip.id)}/${file}` : null);
  return AlertPayloadSchema.parse({
    schema_version: ALERT_SCHEMA_VERSION,
    clip_id: clip.id,
    camera: clip.camera,
    started_at: isoWithOffset(new Date(clip.startedAt)),
    risk_level: clip.analysis?.riskLevel ?? null,
    activity: clip.analysis?.activity ?? null,
    title: titleOf(clip, labels),
    summary: clip.analysis?.summary ?? clip.decision?.detail ?? '',
    labels,
    reason: clip.decision?.reason ?? 'unknown',
    clip_url: link('video'),
    snapshot_url: clip.snapshotPath ? link('snapshot') : null,
  });
}
