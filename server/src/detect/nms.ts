import type { Box } from '../core/detection.js';
import type { ModelDetection } from './model-detection.js';

export interface NmsOptions {
  /** Overlap above which the weaker of two boxes of the same class is dropped. */
  readonly iouThreshold: number;
  /** Most boxes returned per frame. */
  readonly maxDetections: number;
}

/**
 * Class-aware non-maximum suppression: strongest first, a box is dropped when it overlaps a kept
 * box of the same class by more than the threshold. Boxes of different classes never suppress each other.
 */
export function nonMaxSuppression(candidates: readonly ModelDetection[], options: NmsOptions): ModelDetection[] {
  const sorted = [...candidates].sort((a, b) => b.score - a.score);
  const kept: ModelDetection[] = [];
  for (const candidate of sorted) {
    if (kept.length >= options.maxDetections) break;
    const suppressed = kept.some((k) => k.classId === candidate.classId && iou(k.box, candidate.box) > options.iouThreshold);
    if (!suppressed) kept.push(candidate);
  }
  return kept;
}

/** Intersection over union of two [x1, y1, x2, y2] boxes; 0 when either is empty. */
export function iou(a: Box, b: Box): number {
  const ix = Math.max(0, Math.min(a[2], b[2]) - Math.max(a[0], b[0]));
  const iy = Math.max(0, Math.min(a[3], b[3]) - Math.max(a[1], b[1]));
  const inter = ix * iy;
  const union = area(a) + area(b) - inter;
  return union > 0 ? inter / union : 0;
}

export function area(box: Box): number {
  return Math.max(0, box[2] - box[0]) * Math.max(0, box[3] - box[1]);
}
