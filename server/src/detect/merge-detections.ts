import type { Box } from '../core/detection.js';
import type { ModelDetection } from './model-detection.js';
import { area, iou } from './nms.js';

/** A detection in frame pixels, with whether its box touched the side of the region it came from. */
export interface RegionDetection extends ModelDetection {
  readonly clipped: boolean;
}

export interface MergeOptions {
  /** Overlap above which the weaker of two boxes of one class is dropped. */
  readonly iouThreshold: number;
  /** Share of a smaller box lying inside a larger one of its class above which it is a part of that one (Frigate: 0.9). */
  readonly containedThreshold?: number;
  readonly maxDetections: number;
}

/** Frigate ranks a clipped detection as if it scored 0.6, so the whole view of the object wins. */
const CLIPPED_RANK = 0.6;
/** A box under this share of a larger one is its own object (a car behind a large parked car), never a part. */
const PART_MIN_SHARE = 0.05;

/**
 * Merges detections from several regions of one frame, class by class: non-maximum suppression, with
 * clipped boxes ranked below whole ones; then a smaller box lying mostly inside a larger box of the
 * same class (the part of a person a tile cut off) is dropped.
 */
export function mergeRegionDetections(found: readonly RegionDetection[], options: MergeOptions): ModelDetection[] {
  const contained = options.containedThreshold ?? 0.75;
  const rank = (d: RegionDetection) => (d.clipped ? Math.min(d.score, CLIPPED_RANK) : d.score);
  const sorted = [...found].sort((a, b) => rank(b) - rank(a));
  const kept: RegionDetection[] = [];
  for (const d of sorted) {
    if (!kept.some((k) => k.classId === d.classId && iou(k.box, d.box) > options.iouThreshold)) kept.push(d);
  }
  const bySize = [...kept].sort((a, b) => area(a.box) - area(b.box));
  const parts = new Set<RegionDetection>();
  for (const small of bySize) {
    const a = area(small.box);
    const whole = bySize.find(
      (big) =>
        big !== small &&
        !parts.has(big) &&
        big.classId === small.classId &&
        area(big.box) >= a &&
        a >= PART_MIN_SHARE * area(big.box) &&
        intersection(small.box, big.box) > contained * a,
    );
    if (whole) parts.add(small);
  }
  return kept
    .filter((d) => !parts.has(d))
    .slice(0, options.maxDetections)
    .map(({ classId, score, box }) => ({ classId, score, box }));
}

function intersection(a: Box, b: Box): number {
  const ix = Math.max(0, Math.min(a[2], b[2]) - Math.max(a[0], b[0]));
  const iy = Math.max(0, Math.min(a[3], b[3]) - Math.max(a[1], b[1]));
  return ix * iy;
}
