import type { LiveFrame, LiveObservation, StationaryObject } from '../core/object-detector.js';
import { LabelTracker } from './label-tracker.js';

export interface LiveRule {
  readonly triggerLabels: readonly string[];
  readonly confirmFrames: number;
  /** Seconds an object must stay put to be stationary (detector.stationary_after_s). */
  readonly stationaryAfterS: number;
  /** Objects an earlier live look found standing still. */
  readonly stationaryObjects?: readonly StationaryObject[];
}

/**
 * The detector's confirmation rule applied to a live feed: each frame comes with what the feed has
 * shown so far. Live, a trigger is confirmed only over `confirmFrames` frames (a finished clip shorter
 * than that confirms on what it has; live there are always more frames to come, and one may be a fluke),
 * and only on moving objects: a car parked for `stationaryAfterS` neither starts nor extends an event.
 */
export async function* confirmLive(frames: AsyncIterable<LiveFrame>, rule: LiveRule): AsyncGenerator<LiveObservation> {
  const tracker = new LabelTracker({
    triggerLabels: rule.triggerLabels,
    confirmFrames: rule.confirmFrames,
    stationaryAfterS: rule.stationaryAfterS,
    ignoreStationaryTriggers: true,
    stationarySeeds: rule.stationaryObjects ?? [],
  });
  const firstAt: { ms: number | null } = { ms: null };
  for await (const frame of frames) {
    firstAt.ms ??= frame.atMs;
    const sampled = { t: (frame.atMs - firstAt.ms) / 1000, detections: frame.detections };
    tracker.add(sampled);
    const found = tracker.result();
    yield {
      frame,
      findings: {
        labels: found.labels,
        framesSampled: found.framesSampled,
        confirmed: tracker.confirmed,
        objectCounts: found.objectCounts,
        inView: tracker.inView(sampled),
        stationary: tracker.stationaryObjects(),
      },
    };
  }
}
