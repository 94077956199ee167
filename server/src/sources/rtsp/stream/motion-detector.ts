import type { MotionBox } from '../../../core/live-camera.js';
import { pointInPolygon, type ZonePolygon } from '../../../core/zone.js';
import { dilate, findBlobs, type MotionBlob } from './motion-blobs.js';

/** A rectangle ignored by motion detection, in shares (0-1) of the frame. */
export interface MaskRect {
  readonly x: number;
  readonly y: number;
  readonly w: number;
  readonly h: number;
}

export interface MotionDetectorOptions {
  readonly width: number;
  readonly height: number;
  /** Grey-level difference (0-255) from the background above which a pixel counts as changed. */
  readonly pixelThreshold: number;
  /** Share of unmasked pixels (%) whose change is motion wherever it is. */
  readonly minChangedPct: number;
  /** Pixels of one changed region (after a one-pixel dilation) that are motion while idle. */
  readonly minArea: number;
  /** A change over this share of unmasked pixels (%) at once is light, not motion: the background restarts. */
  readonly lightChangePct: number;
  /** While recording the required share and area are divided by this (hysteresis). */
  readonly recordingSensitivity: number;
  readonly mask: readonly MaskRect[];
  /** Polygons ignored too (frame shares), drawn as zones are; none when absent. */
  readonly maskPolygons?: readonly ZonePolygon[];
}

export interface MotionReading {
  /** Share of unmasked pixels that differ from the background, in %. */
  readonly changedPct: number;
  readonly motion: boolean;
  /** False for a frame that only primed the background (the first after start or reset). */
  readonly compared: boolean;
  /** The changed regions large enough to count, in frame shares; empty without motion. */
  readonly boxes: readonly MotionBox[];
  /** The frame changed almost everywhere at once (lights, headlights, IR switch): the background restarted from it. */
  readonly lightChange: boolean;
}

/** The background follows a still scene this fast (per frame), as Frigate's frame_alpha. */
const BACKGROUND_ALPHA = 0.01;
/** While motion lasts, the background still learns after this many frames in a row, so a parked car fades in. */
const BLEND_DURING_MOTION_AFTER = 10;
/** Brightness ratios are measured in 1/64 steps up to 4x. */
const GAIN_STEPS = 64;
const GAIN_BINS = 4 * GAIN_STEPS + 1;
const MIN_GAIN_LEVEL = 8;

/**
 * Motion against a slowly adapting background on small grey frames (blurred by ffmpeg, see
 * camera-session.ts): a pixel is changed when it differs from the running average by more than the
 * threshold, after removing the frame's overall brightness change (the median ratio for exposure,
 * the median difference for added light: a pixel counts only if neither explains it). Changed pixels are dilated and grouped into regions; one region of
 * `minArea` pixels is motion, so a few small people far away count although they change a tiny share
 * of the frame. A change almost everywhere at once restarts the background instead.
 */
export class MotionDetector {
  private readonly included: Uint8Array;
  private readonly includedCount: number;
  private background: Float32Array | null = null;
  private readonly changed: Uint8Array;
  private readonly grown: Uint8Array;
  private readonly histogram = new Uint32Array(GAIN_BINS);
  private readonly shifts = new Uint32Array(511);
  private motionRun = 0;

  constructor(readonly settings: MotionDetectorOptions) {
    const pixels = settings.width * settings.height;
    this.included = buildInclusionMap(settings);
    this.includedCount = this.included.reduce((sum, v) => sum + v, 0);
    this.changed = new Uint8Array(pixels);
    this.grown = new Uint8Array(pixels);
  }

  get frameBytes(): number {
    return this.settings.width * this.settings.height;
  }

  /** The latest compared frame's changed pixels (1 = changed), for the motion overlay: read only, reused next frame. */
  get changedPixels(): Uint8Array {
    return this.changed;
  }

  /** Forget the background, e.g. after a reconnect: the next frame only primes. */
  reset(): void {
    this.background = null;
    this.motionRun = 0;
  }

  analyse(frame: Uint8Array, recording: boolean): MotionReading {
    if (frame.length !== this.frameBytes) {
      throw new RangeError(`motion frame has ${frame.length} bytes, expected ${this.frameBytes}`);
    }
    const background = this.background;
    if (!background || this.includedCount === 0) {
      // The caller reuses its buffer: the background is our own copy.
      this.background = Float32Array.from(frame);
      return { changedPct: 0, motion: false, compared: false, boxes: [], lightChange: false };
    }
    const changedCount = this.markChanged(frame, background);
    const changedPct = (100 * changedCount) / this.includedCount;
    if (changedPct >= this.settings.lightChangePct) {
      background.set(frame);
      this.motionRun = 0;
      return { changedPct, motion: false, compared: true, boxes: [], lightChange: true };
    }
    const needed = motionNeeds(this.settings, recording);
    const { width, height } = this.settings;
    const blobs = changedCount > 0 ? findBlobs(dilate(this.changed, width, height, this.grown), width, height, needed.minArea) : [];
    const motion = blobs.length > 0 || changedPct >= needed.minChangedPct;
    this.motionRun = motion ? this.motionRun + 1 : 0;
    if (!motion || this.motionRun >= BLEND_DURING_MOTION_AFTER) blend(background, frame);
    return { changedPct, motion, compared: true, boxes: motion ? blobs.map((b) => toShares(b, width, height)) : [], lightChange: false };
  }

  /** Sets `changed` for unmasked pixels off the background (overall brightness change removed); returns how many. */
  private markChanged(frame: Uint8Array, background: Float32Array): number {
    const gain = this.medianGain(frame, background);
    const shift = this.medianShift(frame, background);
    const threshold = this.settings.pixelThreshold;
    const included = this.included;
    const changed = this.changed;
    let count = 0;
    for (let i = 0; i < frame.length; i++) {
      const f = frame[i] ?? 0;
      const b = background[i] ?? 0;
      // Changed only if neither a scaled (exposure) nor a shifted (added light) background explains it.
      const scaled = Math.abs(f - b * gain);
      const shifted = Math.abs(f - b - shift);
      const on = scaled > threshold && shifted > threshold && included[i] === 1 ? 1 : 0;
      changed[i] = on;
      count += on;
    }
    return count;
  }

  /** The median of frame - background over unmasked pixels: light added to (or taken from) the whole picture. */
  private medianShift(frame: Uint8Array, background: Float32Array): number {
    const histogram = this.shifts;
    histogram.fill(0);
    const included = this.included;
    for (let i = 0; i < frame.length; i++) {
      if (included[i] !== 1) continue;
      const bin = Math.round((frame[i] ?? 0) - (background[i] ?? 0)) + 255;
      histogram[bin] = (histogram[bin] ?? 0) + 1;
    }
    let seen = 0;
    for (let bin = 0; bin < histogram.length; bin++) {
      seen += histogram[bin] ?? 0;
      if (seen >= this.includedCount / 2) return bin - 255;
    }
    return 0;
  }

  /**
   * The median of frame / background over unmasked pixels: how much the whole picture got brighter or
   * darker. Exposure and daylight scale grey levels (gamma keeps a scale a scale), so a ratio.
   */
  private medianGain(frame: Uint8Array, background: Float32Array): number {
    const histogram = this.histogram;
    histogram.fill(0);
    const included = this.included;
    let counted = 0;
    for (let i = 0; i < frame.length; i++) {
      const b = background[i] ?? 0;
      // Near black, a ratio says nothing.
      if (included[i] !== 1 || b < MIN_GAIN_LEVEL) continue;
      const bin = Math.min(GAIN_BINS - 1, Math.round(((frame[i] ?? 0) / b) * GAIN_STEPS));
      histogram[bin] = (histogram[bin] ?? 0) + 1;
      counted++;
    }
    if (counted === 0) return 1;
    let seen = 0;
    for (let bin = 0; bin < GAIN_BINS; bin++) {
      seen += histogram[bin] ?? 0;
      if (seen >= counted / 2) return bin / GAIN_STEPS;
    }
    return 1;
  }
}

/** What a frame needs to be motion: one region of `minArea` pixels or `minChangedPct` % changed, both less while recording. */
export function motionNeeds(
  settings: Pick<MotionDetectorOptions, 'minArea' | 'minChangedPct' | 'recordingSensitivity'>,
  recording: boolean,
): { readonly minArea: number; readonly minChangedPct: number } {
  const sensitivity = recording ? settings.recordingSensitivity : 1;
  return { minArea: Math.max(1, settings.minArea / sensitivity), minChangedPct: settings.minChangedPct / sensitivity };
}

function blend(background: Float32Array, frame: Uint8Array): void {
  for (let i = 0; i < frame.length; i++) {
    const b = background[i] ?? 0;
    background[i] = b + ((frame[i] ?? 0) - b) * BACKGROUND_ALPHA;
  }
}

function toShares(blob: MotionBlob, width: number, height: number): MotionBox {
  return {
    x: blob.x1 / width,
    y: blob.y1 / height,
    w: (blob.x2 + 1 - blob.x1) / width,
    h: (blob.y2 + 1 - blob.y1) / height,
  };
}

/** 1 for pixels that count, 0 for masked ones (a rectangle's pixels it touches; a polygon's pixels whose centre it holds). */
export function buildInclusionMap(settings: Pick<MotionDetectorOptions, 'width' | 'height' | 'mask' | 'maskPolygons'>): Uint8Array {
  const { width, height } = settings;
  const map = new Uint8Array(width * height).fill(1);
  for (const rect of settings.mask) {
    const x0 = Math.floor(rect.x * width);
    const y0 = Math.floor(rect.y * height);
    const x1 = Math.min(width, Math.ceil((rect.x + rect.w) * width));
    const y1 = Math.min(height, Math.ceil((rect.y + rect.h) * height));
    for (let y = y0; y < y1; y++) map.fill(0, y * width + x0, y * width + Math.max(x0, x1));
  }
  // Done once per detector on a small frame (160x90 by default): a point test per pixel is cheap.
  for (const polygon of settings.maskPolygons ?? []) {
    for (let y = 0; y < height; y++) {
      for (let x = 0; x < width; x++) {
        if (pointInPolygon((x + 0.5) / width, (y + 0.5) / height, polygon)) map[y * width + x] = 0;
      }
    }
  }
  return map;
}
