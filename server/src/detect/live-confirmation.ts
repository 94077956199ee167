import type { LiveFrame, LiveObservation } from '../core/object-detector.js';
import { LabelTracker } from './label-tracker.js';

/**
 * The detector's confirmation rule applied to a live feed: each frame comes with what the feed has
 * shown so far. Live, a trigger is confirmed only over `confirmFrames` frames (a finished clip shorter
 * than that confirms on what it has; live there are always more frames to come, and one may be a fluke).
 */
export async function* confirmLive(
  frames: AsyncIterable<LiveFrame>,
  rule: { readonly triggerLabels: readonly string[]; readonly confirmFrames: number },
): AsyncGenerator<LiveObservation> {
  const tracker = new LabelTracker(rule);
  const firstAt: { ms: number | null } = { ms: null };
  for await (const frame of frames) {
    firstAt.ms ??= frame.atMs;
    tracker.add({ t: (frame.atMs - firstAt.ms) / 1000, detections: frame.detections });
    const found = tracker.result();
    yield { frame, findings: { labels: found.labels, framesSampled: found.framesSampled, confirmed: tracker.confirmed } };
  }
}
