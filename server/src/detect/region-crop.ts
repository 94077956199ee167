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
  // Source columns and weights are the same on every row: work them out once.
  const x0s = new Int32Array(lb.scaledWidth);
  const x1s = new Int32Array(lb.scaledWidth);
  const wxs = new Float32Array(lb.scaledWidth);
  const inside = new Uint8Array(lb.scaledWidth);
  for (let ox = 0; ox < lb.scaledWidth; ox += 1) {
    const sx = region.x + (ox + 0.5) * fx - 0.5;
    inside[ox] = sx >= -0.5 && sx <= frame.width - 0.5 ? 1 : 0;
    const x0 = Math.max(0, Math.floor(sx));
    x0s[ox] = x0 * 3;
    x1s[ox] = Math.min(frame.width - 1, x0 + 1) * 3;
    wxs[ox] = Math.min(1, Math.max(0, sx - x0));
  }
  for (let oy = 0; oy < lb.scaledHeight; oy += 1) {
    const sy = region.y + (oy + 0.5) * fy - 0.5;
    if (sy < -0.5 || sy > frame.height - 0.5) continue;
    const y0 = Math.max(0, Math.floor(sy));
    const top = y0 * rowBytes;
    const bottom = Math.min(frame.height - 1, y0 + 1) * rowBytes;
    const wy = Math.min(1, Math.max(0, sy - y0));
    let o = ((lb.padY + oy) * modelWidth + lb.padX) * 3;
    for (let ox = 0; ox < lb.scaledWidth; ox += 1, o += 3) {
      if (!inside[ox]) continue;
      const a = top + (x0s[ox] ?? 0);
      const b = top + (x1s[ox] ?? 0);
      const c = bottom + (x0s[ox] ?? 0);
      const d = bottom + (x1s[ox] ?? 0);
      const wx = wxs[ox] ?? 0;
      for (let ch = 0; ch < 3; ch += 1) {
        const t = (src[a + ch] ?? 0) + ((src[b + ch] ?? 0) - (src[a + ch] ?? 0)) * wx;
        const u = (src[c + ch] ?? 0) + ((src[d + ch] ?? 0) - (src[c + ch] ?? 0)) * wx;
        out[o + ch] = Math.round(t + (u - t) * wy);
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
