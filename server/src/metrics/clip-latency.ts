import { z } from 'zod';
import { STAGE_NAMES, type Clip } from '../core/clip.js';

/**
 * How late each step of a clip happened, measured from the moment the clip could first be known
 * about: its end (the camera stopped recording) and the moment HomeSec stored it (upload finished).
 * Pure and derived from what the clip already stores (stage and notification times), so it is never
 * stale and needs no migration. No Node APIs here: the web imports its type through the contract.
 */
export const LatencyStepSchema = z.object({
  /** A stage name (`detect`, `analyze`, ...) or `notification:<notifier>`. */
  step: z.string(),
  /** The stage outcome (ok, skipped, failed) or the notification status (delivered, pending, failed). */
  outcome: z.string(),
  at: z.string(),
  /** ms from the clip's end; null when the end is not known. */
  fromEndMs: z.number().nullable(),
  /** ms from the clip being stored in the media folder. */
  fromStoredMs: z.number(),
});
export type LatencyStep = z.infer<typeof LatencyStepSchema>;

export const ClipLatencySchema = z.object({
  /** The clip's end: endedAt, else startedAt + durationS; null when neither is known. */
  endAt: z.string().nullable(),
  storedAt: z.string(),
  /** Stage completions in pipeline order, then notifications by time. */
  steps: z.array(LatencyStepSchema),
  /** End (or stored, when the end is unknown) to the first delivered notification; null when none was delivered. */
  alertMs: z.number().nullable(),
});
export type ClipLatency = z.infer<typeof ClipLatencySchema>;

/** Latency of every recorded step of a clip. */
export function clipLatency(clip: Clip): ClipLatency {
  const endAt = clipEnd(clip);
  const end = endAt === null ? null : Date.parse(endAt);
  const stored = Date.parse(clip.createdAt);
  const step = (name: string, outcome: string, at: string): LatencyStep => ({
    step: name,
    outcome,
    at,
    fromEndMs: end === null ? null : since(end, at),
    fromStoredMs: since(stored, at),
  });
  const steps: LatencyStep[] = [];
  for (const stage of STAGE_NAMES) {
    const record = clip.stages[stage];
    if (record) steps.push(step(stage, record.outcome, record.at));
  }
  const notifications = Object.entries(clip.notifications).sort(([, a], [, b]) => Date.parse(a.at) - Date.parse(b.at));
  for (const [name, record] of notifications) steps.push(step(`notification:${name}`, record.status, record.at));
  const firstDelivered = notifications.find(([, record]) => record.status === 'delivered');
  const alertMs = firstDelivered ? since(end ?? stored, firstDelivered[1].at) : null;
  return { endAt, storedAt: clip.createdAt, steps, alertMs };
}

/** endedAt, else startedAt + durationS, else null. */
export function clipEnd(clip: Pick<Clip, 'startedAt' | 'endedAt' | 'durationS'>): string | null {
  if (clip.endedAt) return clip.endedAt;
  if (clip.durationS === null) return null;
  return new Date(Date.parse(clip.startedAt) + clip.durationS * 1000).toISOString();
}

// A camera clock ahead of ours would give negative times; they read as "no delay", not as time travel.
function since(origin: number, at: string): number {
  return Math.max(0, Date.parse(at) - origin);
}
