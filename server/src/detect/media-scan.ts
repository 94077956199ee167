import { InputError } from '../core/errors.js';
import type { Detection, FrameDetections } from '../core/detection.js';
import type { FfmpegTools } from '../media/ffmpeg-tools.js';
import { sampleFrames, type PictureOutput, type SampledFrame } from '../media/frame-sampler.js';
import { probeMedia, type MediaInfo } from '../media/probe-media.js';
import { labelOf } from './coco-labels.js';
import type { InferencePool } from './inference-pool.js';
import { computeLetterbox, letterboxFilter, toSourceBox, type Letterbox } from './letterbox.js';
import type { ModelLayout } from './model-format.js';
import type { ModelDetection } from './model-detection.js';
import { area } from './nms.js';

export interface MediaScanOptions {
  readonly sampleFps: number;
  readonly maxFrames: number;
  /** Smallest box kept, as a share of the frame area. */
  readonly minBoxRatio: number;
}

export interface ScanEngine {
  readonly tools: FfmpegTools;
  readonly pool: Pick<InferencePool, 'detect'>;
  readonly layout: ModelLayout;
}

/** A probed clip or image, ready to be sampled frame by frame. */
export interface MediaScan {
  readonly width: number;
  readonly height: number;
  /** A still image: one frame at t = 0. */
  readonly still: boolean;
  readonly letterbox: Letterbox;
  /** Detections per sampled frame, in source pixels; stop iterating to stop ffmpeg (or leave it making `pictures`). */
  frames(signal?: AbortSignal, pictures?: PictureOutput): AsyncGenerator<FrameDetections>;
}

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
  const letterbox = computeLetterbox(width, height, engine.layout.inputWidth, engine.layout.inputHeight);
  return {
    width,
    height,
    still,
    letterbox,
    frames: (frameSignal, pictures) =>
      scanFrames(engine, path, {
        settings,
        still,
        letterbox,
        ...(frameSignal ? { signal: frameSignal } : {}),
        ...(pictures ? { pictures } : {}),
      }),
  };
}

async function* scanFrames(
  engine: ScanEngine,
  path: string,
  scan: { settings: MediaScanOptions; still: boolean; letterbox: Letterbox; signal?: AbortSignal; pictures?: PictureOutput },
): AsyncGenerator<FrameDetections> {
  const { layout } = engine;
  const sampled = sampleFrames(engine.tools, path, {
    fps: scan.still ? null : scan.settings.sampleFps,
    sizeFilter: letterboxFilter(scan.letterbox),
    width: layout.inputWidth,
    height: layout.inputHeight,
    pixelFormat: layout.channelOrder === 'bgr' ? 'bgr24' : 'rgb24',
    maxFrames: scan.still ? 1 : scan.settings.maxFrames,
    ...(scan.signal ? { signal: scan.signal } : {}),
    ...(scan.pictures ? { pictures: scan.pictures } : {}),
  });
  // Ask ffmpeg for the next frame while the current one is in the model: decode and inference overlap.
  let next = sampled.next();
  try {
    for (;;) {
      const current: IteratorResult<SampledFrame> = await next;
      if (current.done) return;
      const found = engine.pool.detect(current.value.data);
      next = sampled.next();
      const detections = toSourceDetections(await found, scan.letterbox, scan.settings.minBoxRatio);
      yield { t: round(current.value.t, 3), detections };
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
