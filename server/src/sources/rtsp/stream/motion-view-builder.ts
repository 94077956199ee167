import type { MotionRegion, MotionVerdict, MotionView } from '../../../core/motion-view.js';
import { dilate, findBlobs } from './motion-blobs.js';
import { motionNeeds, type MotionDetectorOptions, type MotionReading } from './motion-detector.js';

export interface MotionViewInput {
  readonly camera: string;
  readonly at: number;
  readonly fps: number;
  readonly settings: MotionDetectorOptions;
  readonly reading: MotionReading;
  /** The detector's changed pixels for this frame (meaningless when the frame only primed the background). */
  readonly changed: Uint8Array;
  /** Whether the detector judged this frame as while recording (it then needs less). */
  readonly recording: boolean;
  /** A buffer of width x height to grow the changed pixels in (reused between frames); one is made when absent. */
  readonly scratch?: Uint8Array;
}

/**
 * The motion detector's view of one frame, for the overlay: built from the detector's own changed pixels and
 * grouped as it groups them (grown by one, 8-connected), every region with whether it is large enough, so the
 * overlay shows what almost counted too. Only runs while someone watches.
 */
export function buildMotionView(input: MotionViewInput): MotionView {
  const { settings, reading, recording } = input;
  const { width, height } = settings;
  const needed = motionNeeds(settings, recording);
  const compared = reading.compared;
  const regions = compared && !reading.lightChange ? changedRegions(input.changed, width, height, needed.minArea, input.scratch) : [];
  return {
    camera: input.camera,
    at: input.at,
    width,
    height,
    changed: compared ? packBits(input.changed) : packBits(new Uint8Array(width * height)),
    regions,
    changedPct: reading.changedPct,
    motion: reading.motion,
    verdict: motionVerdict(reading, regions),
    recording,
    tuning: {
      fps: input.fps,
      pixelThreshold: settings.pixelThreshold,
      minArea: settings.minArea,
      minChangedPct: settings.minChangedPct,
      lightChangePct: settings.lightChangePct,
      recordingSensitivity: settings.recordingSensitivity,
    },
    needed,
    masks: {
      rects: settings.mask.map(({ x, y, w, h }) => ({ x, y, w, h })),
      polygons: (settings.maskPolygons ?? []).map((polygon) => polygon.map(([x, y]): [number, number] => [x, y])),
    },
  };
}

/** The changed pixels' regions as the detector finds them (grown by one pixel), each with whether it counts on its own. */
export function changedRegions(
  changed: Uint8Array,
  width: number,
  height: number,
  minArea: number,
  scratch: Uint8Array = new Uint8Array(width * height),
): MotionRegion[] {
  const blobs = findBlobs(dilate(changed, width, height, scratch), width, height, 1);
  return blobs.map((b) => ({
    x: b.x1 / width,
    y: b.y1 / height,
    w: (b.x2 + 1 - b.x1) / width,
    h: (b.y2 + 1 - b.y1) / height,
    area: b.area,
    counts: b.area >= minArea,
  }));
}

/** Why the detector said motion or not, in the order it decides: priming, light change, a large region, the share. */
export function motionVerdict(reading: MotionReading, regions: readonly MotionRegion[]): MotionVerdict {
  if (!reading.compared) return 'learning';
  if (reading.lightChange) return 'light_change';
  if (!reading.motion) return 'below_threshold';
  return regions.some((r) => r.counts) ? 'area' : 'share';
}

/** One bit per pixel (set when non-zero), row by row, the first pixel in the high bit, as base64: 1,800 bytes for 160x90. */
export function packBits(pixels: Uint8Array): string {
  const bytes = new Uint8Array(Math.ceil(pixels.length / 8));
  for (let i = 0; i < pixels.length; i++) {
    if (pixels[i]) bytes[i >> 3] = (bytes[i >> 3] ?? 0) | (0x80 >> (i & 7));
  }
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length).toString('base64');
}
