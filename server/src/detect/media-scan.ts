import type { Box, Detection, FrameDetections } from '../core/detection.js';
import { InputError } from '../core/errors.js';
import type { FfmpegTools } from '../media/ffmpeg-tools.js';
import { sampleFrames, type PictureOutput, type SampledFrame } from '../media/frame-sampler.js';
import { probeMedia, type MediaInfo } from '../media/probe-media.js';
import { labelOf } from './coco-labels.js';
import { detectFrame } from './frame-detector.js';
import { cellGrid, motionBetween, type CellGrid } from './frame-motion.js';
import type { InferencePool } from './inference-pool.js';
import { toSourceBox, type Letterbox } from './letterbox.js';
import type { ModelLayout } from './model-format.js';
import type { ModelDetection } from './model-detection.js';
import { area } from './nms.js';
import type { DetectStrategy } from './region-plan.js';

export interface MediaScanOptions {
  readonly sampleFps: number;
  readonly maxFrames: number;
  /** Smallest box kept, as a share of the frame area. */
  readonly minBoxRatio: number;
  readonly strategy: DetectStrategy;
  /** Frames are decoded at most this wide; regions and tiles are cut from that frame. */
  readonly detectWidth: number;
  readonly iouThreshold: number;
}

/** The scan settings from the detector config (the service and `homesec detect` share them). */
export function scanOptionsFrom(config: {
  readonly sampleFps: number;
  readonly maxFrames: number;
  readonly minBoxRatio: number;
  readonly strategy: DetectStrategy;
  readonly detectWidth: number;
  readonly nmsIou: number;
}): MediaScanOptions {
  const { sampleFps, maxFrames, minBoxRatio, strategy, detectWidth, nmsIou } = config;
  return { sampleFps, maxFrames, minBoxRatio, strategy, detectWidth, iouThreshold: nmsIou };
}

export interface ScanEngine {
  readonly tools: FfmpegTools;
  readonly pool: Pick<InferencePool, 'detect'> & Partial<Pick<InferencePool, 'detectRegion'>>;
  readonly layout: ModelLayout;
}

/** A probed clip or image, ready to be sampled frame by frame. */
export interface MediaScan {
  readonly width: number;
  readonly height: number;
  /** A still image: one frame at t = 0. */
  readonly still: boolean;
  /** The size frames are decoded at for detection. */
  readonly detectWidth: number;
  readonly detectHeight: number;
  /** Detections per sampled frame, in source pixels; stop iterating to stop ffmpeg (or leave it making `pictures`). */
  frames(signal?: AbortSignal, pictures?: PictureOutput): AsyncGenerator<FrameDetections>;
}

/** Most boxes kept per frame after merging regions. */
const MAX_DETECTIONS_PER_FRAME = 100;

/**
 * Probes the input (InputError when it is not readable media with a picture) and prepares sampling. A video
 * whose size is already `known` (a stored clip) is not probed again.
 */
export async function openMediaScan(
  engine: ScanEngine,
  path: string,
  settings: MediaScanOptions,
  signal?: AbortSignal,
  known?: { readonly width: number; readonly height: number },
): Promise<MediaScan> {
  const { width, height, still } = known ? { ...known, still: false } : await probeScanInput(engine.tools, path, signal);
  const detect = detectSize(width, height, settings.detectWidth);
  return {
    width,
    height,
    still,
    detectWidth: detect.width,
    detectHeight: detect.height,
    frames: (frameSignal, pictures) =>
      scanFrames(engine, path, {
        settings,
        still,
        source: { width, height },
        detect,
        ...(frameSignal ? { signal: frameSignal } : {}),
        ...(pictures ? { pictures } : {}),
      }),
  };
}

/** At most `maxWidth` wide, aspect kept, even sizes (what ffmpeg's scalers like); never scaled up. */
export function detectSize(width: number, height: number, maxWidth: number): { width: number; height: number } {
  const w = Math.min(width, maxWidth);
  const even = (v: number) => Math.max(2, Math.round(v / 2) * 2);
  return { width: even(w), height: even((height * w) / width) };
}

interface ScanPlan {
  readonly settings: MediaScanOptions;
  readonly still: boolean;
  readonly source: { readonly width: number; readonly height: number };
  readonly detect: { readonly width: number; readonly height: number };
  readonly signal?: AbortSignal;
  readonly pictures?: PictureOutput;
}

async function* scanFrames(engine: ScanEngine, path: string, scan: ScanPlan): AsyncGenerator<FrameDetections> {
  const { layout } = engine;
  const { detect, source, settings } = scan;
  const sampled = sampleFrames(engine.tools, path, {
    fps: scan.still ? null : settings.sampleFps,
    sizeFilter: `scale=${detect.width}:${detect.height}:flags=bilinear`,
    width: detect.width,
    height: detect.height,
    pixelFormat: layout.channelOrder === 'bgr' ? 'bgr24' : 'rgb24',
    maxFrames: scan.still ? 1 : settings.maxFrames,
    ...(scan.signal ? { signal: scan.signal } : {}),
    ...(scan.pictures ? { pictures: scan.pictures } : {}),
  });
  // The detect frame -> source pixels is a plain scale: a letterbox without padding.
  const toSource: Letterbox = {
    srcWidth: source.width,
    srcHeight: source.height,
    dstWidth: detect.width,
    dstHeight: detect.height,
    scaledWidth: detect.width,
    scaledHeight: detect.height,
    padX: 0,
    padY: 0,
  };
  let previous: CellGrid | null = null;
  let objects: Box[] = [];
  // Ask ffmpeg for the next frame while the current one is in the model: decode and inference overlap.
  let next = sampled.next();
  try {
    for (;;) {
      const current: IteratorResult<SampledFrame> = await next;
      if (current.done) return;
      next = sampled.next();
      // One copy in shared memory: every region's worker reads it, none gets its own copy.
      const shared = new Uint8Array(new SharedArrayBuffer(current.value.data.length));
      shared.set(current.value.data);
      const frame = { data: shared, width: detect.width, height: detect.height };
      const grid = cellGrid(frame);
      const motion = previous ? motionBetween(previous, grid) : null;
      previous = grid;
      const found = await detectFrame(
        engine.pool,
        layout,
        frame,
        { motion, objects },
        {
          strategy: settings.strategy,
          iouThreshold: settings.iouThreshold,
          maxDetections: MAX_DETECTIONS_PER_FRAME,
          tilesOnlyIfWholeFindsNothing: !scan.still,
        },
      );
      objects = found.detections.map((d) => d.box);
      yield { t: round(current.value.t, 3), detections: toSourceDetections(found.detections, toSource, settings.minBoxRatio) };
    }
  } finally {
    // On early exit a frame may still be on its way; its outcome no longer matters.
    next.catch(() => undefined);
    await sampled.return(undefined);
  }
}

/** Model-space boxes -> source pixels, dropping boxes smaller than the configured share of the frame. */
export function toSourceDetections(found: readonly ModelDetection[], lb: Letterbox, minBoxRatio: number): Detection[] {
  const frameArea = lb.srcWidth * lb.srcHeight;
  const out: Detection[] = [];
  for (const d of found) {
    const box = toSourceBox(d.box, lb);
    if (area(box) < minBoxRatio * frameArea || area(box) === 0) continue;
    out.push({
      label: labelOf(d.classId),
      score: round(d.score, 4),
      box: [round(box[0], 2), round(box[1], 2), round(box[2], 2), round(box[3], 2)],
    });
  }
  return out;
}

async function probeScanInput(tools: FfmpegTools, path: string, signal?: AbortSignal) {
  const info = await probeMedia(tools, path, signal);
  if (!info.video) throw new InputError(`${path} has no video stream`);
  return { width: info.video.width, height: info.video.height, still: isStill(info) };
}

/** ffprobe names single pictures image2 or <codec>_pipe; a clip has a duration and a real container. */
function isStill(info: MediaInfo): boolean {
  return info.container === 'image2' || info.container.endsWith('_pipe');
}

function round(value: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}
