import type { Box } from '../core/detection.js';
import {
  minRegionSize,
  MOTION_MULTIPLIER,
  OBJECT_MULTIPLIER,
  regionsForBoxes,
  tileRegions,
  wholeFrame,
  type FrameSize,
  type Region,
} from './regions.js';

/** How the detector covers a frame: `auto` picks by frame size and motion. */
export type DetectStrategy = 'auto' | 'whole' | 'regions' | 'tiles';
export const DETECT_STRATEGIES = ['auto', 'whole', 'regions', 'tiles'] as const satisfies readonly DetectStrategy[];

export interface PlanInput {
  readonly frame: FrameSize;
  /** The model's input side (the smaller of width and height). */
  readonly modelSide: number;
  readonly strategy: DetectStrategy;
  /** What moved since the previous sampled frame; null when nothing tells (a still image, a clip's first frame). */
  readonly motion: readonly Box[] | null;
  /** Boxes of objects seen in the previous frame: looked at again so they stay tracked. */
  readonly objects: readonly Box[];
}

/**
 * A frame at most this many model sides across loses little when letterboxed whole (people shrink at
 * most 2x), so `auto` looks at it whole.
 */
const WHOLE_UP_TO_MODEL_SIDES = 2;

/**
 * The regions the detector looks at in one frame:
 * - whole: the frame letterboxed, as before (small frames under auto);
 * - tiles: overlapping model-size tiles plus the whole frame (slicing-aided inference) where there is
 *   no motion to go by;
 * - regions: squares around last frame's objects (x1.35) and around motion (x2), at least the model's
 *   minimum region; with motion everywhere (a light change) the tiles cost no more, so those are used.
 */
export function planRegions(input: PlanInput): Region[] {
  const { frame, modelSide } = input;
  const small = Math.max(frame.width, frame.height) <= WHOLE_UP_TO_MODEL_SIDES * modelSide;
  const strategy = input.strategy === 'auto' ? (small ? 'whole' : input.motion === null ? 'tiles' : 'regions') : input.strategy;
  switch (strategy) {
    case 'whole':
      return [wholeFrame(frame)];
    case 'tiles':
      return tilesAndWhole(frame, modelSide);
    case 'regions': {
      if (input.motion === null) return input.strategy === 'regions' ? [wholeFrame(frame)] : tilesAndWhole(frame, modelSide);
      const regions = motionAndObjectRegions(frame, modelSide, input.motion, input.objects);
      const tiles = tilesAndWhole(frame, modelSide);
      return regions.length >= tiles.length ? tiles : regions;
    }
    default: {
      const unknown: never = strategy;
      throw new Error(`unknown strategy ${String(unknown)}`);
    }
  }
}

export function tilesAndWhole(frame: FrameSize, modelSide: number): Region[] {
  const tiles = tileRegions(frame, Math.min(modelSide, frame.width, frame.height));
  return tiles.length > 1 ? [...tiles, wholeFrame(frame)] : [wholeFrame(frame)];
}

function motionAndObjectRegions(frame: FrameSize, modelSide: number, motion: readonly Box[], objects: readonly Box[]): Region[] {
  const min = minRegionSize(modelSide);
  const objectRegions = regionsForBoxes(objects, frame, min, OBJECT_MULTIPLIER, 'object');
  // Motion already inside an object's region is looked at there.
  const outside = motion.filter(
    (m) => !objectRegions.some((r) => m[0] >= r.x && m[1] >= r.y && m[2] <= r.x + r.width && m[3] <= r.y + r.height),
  );
  return [...objectRegions, ...regionsForBoxes(outside, frame, min, MOTION_MULTIPLIER, 'motion')];
}
