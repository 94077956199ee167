import type { Box } from '../core/detection.js';
import { computeLetterbox, LETTERBOX_PAD_VALUE, toSourceBox, type Letterbox } from './letterbox.js';
import type { FrameSize, Region } from './regions.js';

/** A decoded detect frame: interleaved 8-bit pixels in the model's channel order. */
export interface RawFrame extends FrameSize {
  readonly data: Uint8Array;
}

/**
 * Cuts a region out of the frame and scales it (bilinear, aspect kept) into a model-size HWC buffer,
 * letterboxed on grey 114 like the whole-frame path; parts of a region outside the frame are grey too.
 */
export function cropRegion(frame: RawFrame, region: Region, modelWidth: number, modelHeight: number): Uint8Array<ArrayBuffer> {
  const lb = computeLetterbox(region.width, region.height, modelWidth, modelHeight);
  const out = new Uint8Array(modelWidth * modelHeight * 3).fill(LETTERBOX_PAD_VALUE);
  const fx = region.width / lb.scaledWidth;
  const fy = region.height / lb.scaledHeight;
  const src = frame.data;
  const rowBytes = frame.width * 3;
  for (let oy = 0; oy < lb.scaledHeight; oy += 1) {
    const sy = region.y + (oy + 0.5) * fy - 0.5;
    if (sy < -0.5 || sy > frame.height - 0.5) continue;
    const y0 = Math.max(0, Math.floor(sy));
    const y1 = Math.min(frame.height - 1, y0 + 1);
    const wy = Math.min(1, Math.max(0, sy - y0));
    let o = ((lb.padY + oy) * modelWidth + lb.padX) * 3;
    for (let ox = 0; ox < lb.scaledWidth; ox += 1, o += 3) {
      const sx = region.x + (ox + 0.5) * fx - 0.5;
      if (sx < -0.5 || sx > frame.width - 0.5) continue;
      const x0 = Math.max(0, Math.floor(sx));
      const x1 = Math.min(frame.width - 1, x0 + 1);
      const wx = Math.min(1, Math.max(0, sx - x0));
      const a = y0 * rowBytes + x0 * 3;
      const b = y0 * rowBytes + x1 * 3;
      const c = y1 * rowBytes + x0 * 3;
      const d = y1 * rowBytes + x1 * 3;
      for (let ch = 0; ch < 3; ch += 1) {
        const top = (src[a + ch] ?? 0) * (1 - wx) + (src[b + ch] ?? 0) * wx;
        const bottom = (src[c + ch] ?? 0) * (1 - wx) + (src[d + ch] ?? 0) * wx;
        out[o + ch] = Math.round(top * (1 - wy) + bottom * wy);
      }
    }
  }
  return out;
}

/** How model-input boxes of a region map back to frame pixels. */
export function regionLetterbox(region: Region, modelWidth: number, modelHeight: number): Letterbox {
  return computeLetterbox(region.width, region.height, modelWidth, modelHeight);
}

/** A model-input box of a region -> frame pixels, clipped to the frame. */
export function toFrameBox(box: Box, region: Region, lb: Letterbox, frame: FrameSize): Box {
  const inRegion = toSourceBox(box, lb);
  const clampX = (v: number) => Math.min(frame.width, Math.max(0, v));
  const clampY = (v: number) => Math.min(frame.height, Math.max(0, v));
  return [clampX(inRegion[0] + region.x), clampY(inRegion[1] + region.y), clampX(inRegion[2] + region.x), clampY(inRegion[3] + region.y)];
}
