import type { Box } from '../core/detection.js';
import type { InferencePool } from './inference-pool.js';
import type { ModelLayout } from './model-format.js';
import type { ModelDetection } from './model-detection.js';
import { mergeRegionDetections, type RegionDetection } from './merge-detections.js';
import { cropRegion, regionLetterbox, toFrameBox, type RawFrame } from './region-crop.js';
import { planRegions, type DetectStrategy } from './region-plan.js';
import { clippedBy, refineRegion, type Region } from './regions.js';

/** The inference pool as the frame detector uses it: regions cut in the workers when the frame is in shared memory. */
export type RegionPool = Pick<InferencePool, 'detect'> & Partial<Pick<InferencePool, 'detectRegion'>>;

export interface FrameDetectOptions {
  readonly strategy: DetectStrategy;
  readonly iouThreshold: number;
  readonly maxDetections: number;
  /** Most extra regions per frame for objects cut by a region's edge. */
  readonly maxRefinements?: number;
  /**
   * More frames follow (a video, not a still): when the plan is tiles (nothing to go by yet, a clip's first
   * frame), the whole frame is looked at first and the tiles only if it shows nothing. Tiles cost one
   * inference each (about 0.4 s more before a clip's first alert); where the whole view already shows
   * something, the next frames' squares around it and around motion find the small ones.
   */
  readonly tilesOnlyIfWholeFindsNothing?: boolean;
}

export interface FrameLook {
  readonly motion: readonly Box[] | null;
  readonly objects: readonly Box[];
}

export interface FrameFound {
  /** Final detections in frame pixels. */
  readonly detections: ModelDetection[];
  /** The regions looked at (for benches and debugging). */
  readonly regions: Region[];
}

const DEFAULT_MAX_REFINEMENTS = 4;

/**
 * Detects objects in one full-resolution frame: plans regions (whole, tiles, or motion and object
 * regions), runs each through the inference pool (they queue there), maps the boxes back to the
 * frame, looks again with a larger region where an object touched a region's edge (as Frigate did),
 * and merges everything class by class.
 */
export async function detectFrame(
  pool: RegionPool,
  layout: ModelLayout,
  frame: RawFrame,
  look: FrameLook,
  options: FrameDetectOptions,
): Promise<FrameFound> {
  const regions = planRegions({
    frame,
    modelSide: Math.min(layout.inputWidth, layout.inputHeight),
    strategy: options.strategy,
    motion: look.motion,
    objects: look.objects,
  });
  const found = await detectRegions(pool, layout, frame, regions, options.tilesOnlyIfWholeFindsNothing === true);
  const refinements = refinementsFor(found, options.maxRefinements ?? DEFAULT_MAX_REFINEMENTS, frame);
  const refined = (await Promise.all(refinements.map((r) => detectRegion(pool, layout, frame, r)))).flat();
  const detections = mergeRegionDetections([...found, ...refined], {
    iouThreshold: options.iouThreshold,
    maxDetections: options.maxDetections,
  });
  return { detections, regions: [...regions, ...refinements] };
}

async function detectRegions(
  pool: RegionPool,
  layout: ModelLayout,
  frame: RawFrame,
  regions: readonly Region[],
  wholeFirst: boolean,
): Promise<FoundInRegion[]> {
  const whole = regions.find((r) => r.kind === 'whole');
  const tiled = whole !== undefined && regions.length > 1 && regions.every((r) => r.kind === 'whole' || r.kind === 'tile');
  if (wholeFirst && tiled) {
    const inWhole = await detectRegion(pool, layout, frame, whole);
    if (inWhole.length > 0) return inWhole;
    const tiles = regions.filter((r) => r !== whole);
    return (await Promise.all(tiles.map((r) => detectRegion(pool, layout, frame, r)))).flat();
  }
  return (await Promise.all(regions.map((r) => detectRegion(pool, layout, frame, r)))).flat();
}

interface FoundInRegion extends RegionDetection {
  readonly region: Region;
}

async function detectRegion(pool: RegionPool, layout: ModelLayout, frame: RawFrame, region: Region): Promise<FoundInRegion[]> {
  const { inputWidth: w, inputHeight: h } = layout;
  const { data } = frame;
  const found =
    pool.detectRegion && data.buffer instanceof SharedArrayBuffer
      ? await pool.detectRegion(new Uint8Array(data.buffer, data.byteOffset, data.byteLength), {
          width: frame.width,
          height: frame.height,
          region,
        })
      : await pool.detect(cropRegion(frame, region, w, h));
  const lb = regionLetterbox(region, w, h);
  return found.map((d) => {
    const box = toFrameBox(d.box, region, lb, frame);
    // The whole frame has no inner edges; any other region's edge may cut an object.
    return { classId: d.classId, score: d.score, box, region, clipped: region.kind !== 'whole' && clippedBy(box, region, frame) };
  });
}

/** One larger region per clipped detection (strongest first), skipping ones already inside an earlier refinement. */
function refinementsFor(found: readonly FoundInRegion[], max: number, frame: RawFrame): Region[] {
  const out: Region[] = [];
  for (const d of [...found].filter((f) => f.clipped).sort((a, b) => b.score - a.score)) {
    if (out.length >= max) break;
    const inside = out.some((r) => d.box[0] >= r.x && d.box[1] >= r.y && d.box[2] <= r.x + r.width && d.box[3] <= r.y + r.height);
    if (!inside) out.push(refineRegion(d.box, d.region, frame));
  }
  return out;
}
