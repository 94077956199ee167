/** A rectangle ignored by motion detection, in shares (0-1) of the frame. */
export interface MaskRect {
  readonly x: number;
  readonly y: number;
  readonly w: number;
  readonly h: number;
}

export interface MotionSettings {
  readonly width: number;
  readonly height: number;
  /** Box blur radius in pixels; 0 turns blurring off. */
  readonly blurRadius: number;
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
 * Frame differencing on small grey frames: blur, absolute difference against the previous frame,
 * count changed pixels outside the mask. No background model, so slow light changes do not add up.
 */
export class MotionDetector {
  private readonly included: Uint8Array;
  private readonly includedCount: number;
  private readonly scratch: Uint16Array;
  private previous: Uint8Array | null = null;
  private current: Uint8Array;

  constructor(private readonly settings: MotionSettings) {
    const pixels = settings.width * settings.height;
    this.included = buildInclusionMap(settings);
    this.includedCount = this.included.reduce((sum, v) => sum + v, 0);
    this.scratch = new Uint16Array(pixels);
    this.current = new Uint8Array(pixels);
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
    const blurred = this.blurInto(frame, this.current);
    const previous = this.previous;
    // Swap buffers so no frame is copied or allocated per call.
    this.current = previous ?? new Uint8Array(this.frameBytes);
    this.previous = blurred;
    if (!previous || this.includedCount === 0) return { changedPct: 0, motion: false, compared: false };
    const changedPct = (100 * this.countChanged(previous, blurred)) / this.includedCount;
    const required = recording ? this.settings.minChangedPct / this.settings.recordingSensitivity : this.settings.minChangedPct;
    return { changedPct, motion: changedPct >= required, compared: true };
  }

  private countChanged(a: Uint8Array, b: Uint8Array): number {
    const threshold = this.settings.pixelThreshold;
    const included = this.included;
    let changed = 0;
    for (let i = 0; i < a.length; i++) {
      const d = (a[i] ?? 0) - (b[i] ?? 0);
      if ((d > threshold || -d > threshold) && included[i] === 1) changed++;
    }
    return changed;
  }

  /** Separable box blur: horizontal sums into scratch, then vertical sums into out. */
  private blurInto(frame: Uint8Array, out: Uint8Array): Uint8Array {
    const r = this.settings.blurRadius;
    if (r <= 0) {
      out.set(frame);
      return out;
    }
    const { width, height } = this.settings;
    horizontalSums(frame, this.scratch, width, height, r);
    const tmp = this.scratch;
    for (let x = 0; x < width; x++) {
      const spanX = windowSize(x, r, width);
      let sum = 0;
      for (let y = 0; y <= Math.min(r, height - 1); y++) sum += tmp[y * width + x] ?? 0;
      for (let y = 0; y < height; y++) {
        out[y * width + x] = Math.round(sum / (spanX * windowSize(y, r, height)));
        if (y + r + 1 < height) sum += tmp[(y + r + 1) * width + x] ?? 0;
        if (y - r >= 0) sum -= tmp[(y - r) * width + x] ?? 0;
      }
    }
    return out;
  }
}

/**
 * Horizontal running sums over the in-frame part of each window. Edges are not padded: a padded edge
 * would weigh a noisy border pixel several times.
 */
function horizontalSums(src: Uint8Array, dst: Uint16Array, width: number, height: number, r: number): void {
  for (let y = 0; y < height; y++) {
    const row = y * width;
    let sum = 0;
    for (let x = 0; x <= Math.min(r, width - 1); x++) sum += src[row + x] ?? 0;
    for (let x = 0; x < width; x++) {
      dst[row + x] = sum;
      if (x + r + 1 < width) sum += src[row + x + r + 1] ?? 0;
      if (x - r >= 0) sum -= src[row + x - r] ?? 0;
    }
  }
}

/** How many positions of a window of radius r around i lie inside 0..size-1. */
function windowSize(i: number, r: number, size: number): number {
  return Math.min(i + r, size - 1) - Math.max(i - r, 0) + 1;
}

/** 1 for pixels that count, 0 for masked ones. */
function buildInclusionMap(settings: MotionSettings): Uint8Array {
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
