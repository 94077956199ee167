import type { ClipEvent } from '../core/clip-event.js';
import { clipLabels, STAGE_NAMES, type Clip } from '../core/clip.js';
import { clipLatency } from '../metrics/clip-latency.js';
import type { ClipDetail, ClipSummary, LifecycleEntry, StageTiming } from './contract.js';

/** The timeline row of a clip: small enough to send 50 at a time over the socket. */
export function toClipSummary(clip: Clip): ClipSummary {
  const stages: ClipSummary['stages'] = {};
  for (const name of STAGE_NAMES) {
    const record = clip.stages[name];
    if (record) stages[name] = { outcome: record.outcome, ms: record.ms };
  }
  return {
    id: clip.id,
    camera: clip.camera,
    startedAt: clip.startedAt,
    durationS: clip.durationS,
    status: clip.status,
    stages,
    labels: clipLabels(clip),
    riskLevel: clip.analysis?.riskLevel ?? null,
    title: clip.analysis?.title ?? null,
    summary: clip.analysis?.summary ?? null,
    // Undecided (null) until the clip is through, unless its event alerted already.
    alerted: clip.alerted ? true : clip.status === 'done' ? false : null,
    eventId: clip.eventId,
    hasThumbnail: clip.thumbnailPath !== null,
    hasSnapshot: clip.snapshotPath !== null,
    error: clip.error,
  };
}

/** Everything the clip page shows: the state, lifecycle with durations, stage timings in pipeline order, cost. */
export function toClipDetail(clip: Clip, events: readonly ClipEvent[]): ClipDetail {
  return {
    clip,
    lifecycle: lifecycleWithDurations(events),
    stages: stageTimings(clip),
    costUsd: clip.analysis ? clip.analysis.usage.costUsd : null,
    // Derived on read from the stage and notification times stored with the clip: never stale.
    latency: clipLatency(clip),
  };
}

function lifecycleWithDurations(events: readonly ClipEvent[]): LifecycleEntry[] {
  const sorted = [...events].sort((a, b) => Date.parse(a.at) - Date.parse(b.at));
  const first = sorted[0] ? Date.parse(sorted[0].at) : 0;
  let previous: number | null = null;
  return sorted.map((event) => {
    const at = Date.parse(event.at);
    const entry = { ...event, sincePreviousMs: previous === null ? null : at - previous, sinceStartMs: at - first };
    previous = at;
    return entry;
  });
}

function stageTimings(clip: Clip): StageTiming[] {
  const timings: StageTiming[] = [];
  for (const stage of STAGE_NAMES) {
    const record = clip.stages[stage];
    if (record) timings.push({ stage, ...record });
  }
  return timings;
}
