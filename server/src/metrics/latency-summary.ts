import { z } from 'zod';
import type { Clip } from '../core/clip.js';
import { clipLatency } from './clip-latency.js';
import { percentile } from './percentile.js';

export const LatencyFigureSchema = z.object({
  count: z.number(),
  p50Ms: z.number().nullable(),
  p95Ms: z.number().nullable(),
});
export type LatencyFigure = z.infer<typeof LatencyFigureSchema>;

/** p50/p95 over the clips finished in a window; times run from each clip's end (else from when it was stored). */
export const LatencySummarySchema = z.object({
  window: z.literal('24h'),
  /** Clips looked at (done, started in the window, newest first, at most `limit`). */
  clips: z.number(),
  /** More clips were in the window than were read; the figures cover the newest. */
  capped: z.boolean(),
  /** Alert latency: clip end to the first delivered notification, over clips that alerted. */
  p50Ms: z.number().nullable(),
  p95Ms: z.number().nullable(),
  alerts: z.number(),
  /** Clip end to each stage (`upload`, `detect`, `analyze`) and each notifier (`notification:mqtt`). */
  perStep: z.record(z.string(), LatencyFigureSchema),
});
export type LatencySummary = z.infer<typeof LatencySummarySchema>;

/** Summarises the latency of finished clips: the alert latency and every step's, as p50/p95. */
export function summariseLatency(clips: readonly Clip[], capped = false): LatencySummary {
  const alerts: number[] = [];
  const steps = new Map<string, number[]>();
  for (const clip of clips) {
    const latency = clipLatency(clip);
    if (latency.alertMs !== null) alerts.push(latency.alertMs);
    for (const step of latency.steps) {
      // Only completed notifications count: a pending retry is not a delivery time.
      if (step.step.startsWith('notification:') && step.outcome !== 'delivered') continue;
      const values = steps.get(step.step) ?? [];
      values.push(step.fromEndMs ?? step.fromStoredMs);
      steps.set(step.step, values);
    }
  }
  const alert = figure(alerts);
  return {
    window: '24h',
    clips: clips.length,
    capped,
    p50Ms: alert.p50Ms,
    p95Ms: alert.p95Ms,
    alerts: alert.count,
    perStep: Object.fromEntries([...steps].map(([name, values]) => [name, figure(values)])),
  };
}

export function figure(values: readonly number[]): LatencyFigure {
  if (values.length === 0) return { count: 0, p50Ms: null, p95Ms: null };
  return { count: values.length, p50Ms: Math.round(percentile(values, 50)), p95Ms: Math.round(percentile(values, 95)) };
}
