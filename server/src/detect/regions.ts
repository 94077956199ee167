import type { Box } from '../core/detection.js';

/** A rectangle of the detect frame the model looks at (tiles and motion regions are square; `whole` is the frame). */
export interface Region {
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
  readonly kind: 'whole' | 'tile' | 'motion' | 'object' | 'refine';
}

export interface FrameSize {
  readonly width: number;
  readonly height: number;
}

/** Frigate's multipliers: motion regions are twice the motion box, regions around known objects 1.35 times. */
export const MOTION_MULTIPLIER = 2;
export const OBJECT_MULTIPLIER = 1.35;

/**
 * The smallest region side for a model (Frigate's rule): a model under 320 px looks at regions of its own
 * size; a larger one at 320 px regions scaled up, so small objects get more of its pixels.
 */
export function minRegionSize(modelSide: number): number {
  return modelSide < 320 ? Math.ceil(modelSide / 4) * 4 : 320;
}

export function wholeFrame(frame: FrameSize): Region {
  return { x: 0, y: 0, width: frame.width, height: frame.height, kind: 'whole' };
}

/**
 * A square region around a box: side = the box's longest side x multiplier (a multiple of 4, at least
 * `minSize`, at most the frame's longer side), centred on the box and shifted back inside the frame.
 * A side taller than the frame starts at 0 and overhangs (the crop pads it).
 */
export function squareRegion(box: Box, frame: FrameSize, minSize: number, multiplier: number, kind: Region['kind']): Region {
  const longest = Math.max(box[2] - box[0], box[3] - box[1]);
  const side = Math.min(Math.max(Math.floor((longest * multiplier) / 4) * 4, minSize), Math.max(frame.width, frame.height));
  const cx = (box[0] + box[2]) / 2;
  const cy = (box[1] + box[3]) / 2;
  const x = clamp(Math.round(cx - side / 2), 0, Math.max(0, frame.width - side));
  const y = clamp(Math.round(cy - side / 2), 0, Math.max(0, frame.height - side));
  return { x, y, width: side, height: side, kind };
}

/**
 * Regions for a set of boxes: boxes are merged into one region while that region is no larger than
 * the larger of their separate regions (nearby boxes share a region, far ones get their own), then
 * regions wholly inside another are dropped.
 */
export function regionsForBoxes(
  boxes: readonly Box[],
  frame: FrameSize,
  minSize: number,
  multiplier: number,
  kind: Region['kind'],
): Region[] {
  const clusters: { bounds: Box; region: Region }[] = [];
  const sorted = [...boxes].sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  for (const box of sorted) {
    const own = squareRegion(box, frame, minSize, multiplier, kind);
    let joined = false;
    for (const cluster of clusters) {
      const bounds = union(cluster.bounds, box);
      const merged = squareRegion(bounds, frame, minSize, multiplier, kind);
      if (merged.width <= Math.max(own.width, cluster.region.width) && contains(merged, bounds)) {
        cluster.bounds = bounds;
        cluster.region = merged;
        joined = true;
        break;
      }
    }
    if (!joined) clusters.push({ bounds: box, region: own });
  }
  const regions = clusters.map((c) => c.region);
  return regions.filter((r, i) => !regions.some((o, j) => j !== i && containsRegion(o, r) && (!containsRegion(r, o) || j < i)));
}

/**
 * Overlapping square tiles of `size` over the frame (slicing-aided inference): step = size x (1 - overlap);
 * the last column and row are moved back to end at the frame's edge. A frame smaller than a tile is one tile.
 */
export function tileRegions(frame: FrameSize, size: number, overlap = 0.2): Region[] {
  const step = Math.max(1, Math.floor(size * (1 - overlap)));
  const xs = starts(frame.width, size, step);
  const ys = starts(frame.height, size, step);
  return ys.flatMap((y) => xs.map((x) => ({ x, y, width: size, height: size, kind: 'tile' as const })));
}

function starts(length: number, size: number, step: number): number[] {
  if (length <= size) return [0];
  const out: number[] = [];
  for (let s = 0; s + size < length; s += step) out.push(s);
  out.push(length - size);
  return out;
}

/**
 * A box touches a region side that is not the frame's edge (Frigate's `clipped`, 5 px): the object
 * probably goes on outside the region, and the box is only part of it.
 */
export function clippedBy(box: Box, region: Region, frame: FrameSize, margin = 5): boolean {
  const right = region.x + region.width;
  const bottom = region.y + region.height;
  return (
    (box[0] - region.x <= margin && region.x > margin) ||
    (box[1] - region.y <= margin && region.y > margin) ||
    (right - box[2] <= margin && frame.width - right > margin) ||
    (bottom - box[3] <= margin && frame.height - bottom > margin)
  );
}

/** A larger square region centred on a clipped box, to see the whole object (twice its longest side, at least 1.5x the region). */
export function refineRegion(box: Box, region: Region, frame: FrameSize): Region {
  const longest = Math.max(box[2] - box[0], box[3] - box[1]);
  const side = Math.max(longest * MOTION_MULTIPLIER, Math.max(region.width, region.height) * 1.5);
  return squareRegion(box, frame, Math.ceil(side / 4) * 4, 1, 'refine');
}

/** The part of a region inside the frame, as a box. */
export function regionBox(region: Region): Box {
  return [region.x, region.y, region.x + region.width, region.y + region.height];
}

function union(a: Box, b: Box): Box {
  return [Math.min(a[0], b[0]), Math.min(a[1], b[1]), Math.max(a[2], b[2]), Math.max(a[3], b[3])];
}

function contains(region: Region, box: Box): boolean {
  return box[0] >= region.x && box[1] >= region.y && box[2] <= region.x + region.width && box[3] <= region.y + region.height;
}

function containsRegion(outer: Region, inner: Region): boolean {
  return contains(outer, regionBox(inner));
}

function clamp(value: number, min: number, max: number): number {
  return Math.min(max, Math.max(min, value));
}
