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
  /** Grey-level difference (0-255) above which a pixel counts as changed. */
  readonly pixelThreshold: number;
  /** Share of unmasked pixels (%) that must change while idle. */
  readonly minChangedPct: number;
  /** While recording the required share is divided by this (hysteresis). */
  readonly recordingSensitivity: number;
  readonly mask: readonly MaskRect[];
}

export interface MotionReading {
  /** Share of unmasked pixels that changed since the previous frame, in %. */
  readonly changedPct: number;
  readonly motion: boolean;
  /** False for a frame that only primed the reference (the first after start or reset). */
  readonly compared: boolean;
}

/**
 * Frame differencing on small grey frames: absolute difference against the previous frame, count
 * changed pixels outside the mask. No background model, so slow light changes do not add up. The
 * blur happens in ffmpeg (see motion-reader.ts): in C it costs a fraction of what it costs here.
 */
export class MotionDetector {
  private readonly included: Uint8Array;
  private readonly includedCount: number;
  private previous: Uint8Array | null = null;
  private spare: Uint8Array;

  constructor(private readonly settings: MotionDetectorOptions) {
    const pixels = settings.width * settings.height;
    this.included = buildInclusionMap(settings);
    this.includedCount = this.included.reduce((sum, v) => sum + v, 0);
    this.spare = new Uint8Array(pixels);
  }

  get frameBytes(): number {
    return this.settings.width * this.settings.height;
  }

  /** Forget the reference frame, e.g. after a reconnect: the next frame only primes. */
  reset(): void {
    this.previous = null;
  }

  analyse(frame: Uint8Array, recording: boolean): MotionReading {
    if (frame.length !== this.frameBytes) {
      throw new RangeError(`motion frame has ${frame.length} bytes, expected ${this.frameBytes}`);
    }
    // The caller reuses its buffer: keep a copy as the next reference, swapping two buffers.
    const copy = this.spare;
    copy.set(frame);
    const previous = this.previous;
    this.spare = previous ?? new Uint8Array(this.frameBytes);
    this.previous = copy;
    if (!previous || this.includedCount === 0) return { changedPct: 0, motion: false, compared: false };
    const changedPct = (100 * this.countChanged(previous, copy)) / this.includedCount;
    const required = recording ? this.settings.minChangedPct / this.settings.recordingSensitivity : this.settings.minChangedPct;
    return { changedPct, motion: changedPct >= required, compared: true };
  }

  private countChanged(a: Uint8Array, b: Uint8Array): number {
    const threshold = this.settings.pixelThreshold;
    const included = this.included;
    const masked = this.includedCount < a.length;
    let changed = 0;
    for (let i = 0; i < a.length; i++) {
      const d = (a[i] ?? 0) - (b[i] ?? 0);
      if (d > threshold || -d > threshold) changed += masked ? (included[i] ?? 0) : 1;
    }
    return changed;
  }
}

/** 1 for pixels that count, 0 for masked ones. */
function buildInclusionMap(settings: MotionDetectorOptions): Uint8Array {
  const { width, height } = settings;
  const map = new Uint8Array(width * height).fill(1);
  for (const rect of settings.mask) {
    const x0 = Math.floor(rect.x * width);
    const y0 = Math.floor(rect.y * height);
    const x1 = Math.min(width, Math.ceil((rect.x + rect.w) * width));
    const y1 = Math.min(height, Math.ceil((rect.y + rect.h) * height));
    for (let y = y0; y < y1; y++) map.fill(0, y * width + x0, y * width + Math.max(x0, x1));
  }
  return map;
}
