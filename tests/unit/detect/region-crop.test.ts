import { describe, expect, it } from 'vitest';
import { cropRegion, regionLetterbox, toFrameBox } from '../../../server/src/detect/region-crop.js';

/** A frame whose red channel is x and green channel is y (mod 256), blue 0. */
function gradient(width: number, height: number) {
  const data = new Uint8Array(width * height * 3);
  for (let y = 0; y < height; y += 1) for (let x = 0; x < width; x += 1) data.set([x % 256, y % 256, 0], (y * width + x) * 3);
  return { data, width, height };
}

describe('cropRegion', () => {
  it('copies a region of model size pixel for pixel', () => {
    // Given a 200x100 gradient and a 32x32 region at (50, 20) for a 32x32 model
    const frame = gradient(200, 100);
    const out = cropRegion(frame, { x: 50, y: 20, width: 32, height: 32, kind: 'motion' }, 32, 32);
    // Then the model's pixel (0,0) is the frame's (50,20) and (31,31) is (81,51)
    expect(Array.from(out.subarray(0, 3))).toStrictEqual([50, 20, 0]);
    expect(Array.from(out.subarray((31 * 32 + 31) * 3, (31 * 32 + 31) * 3 + 3))).toStrictEqual([81, 51, 0]);
  });

  it('scales a region up and pads what lies outside the frame with grey', () => {
    // Given a 16x16 region overhanging the bottom of a 40x20 frame, for a 32x32 model
    const frame = gradient(40, 20);
    const out = cropRegion(frame, { x: 0, y: 10, width: 16, height: 16, kind: 'motion' }, 32, 32);
    // Then inside the frame the gradient is scaled 2x, and below the frame's last row it is grey 114
    expect(out[(4 * 32 + 8) * 3]).toBe(4);
    expect(Array.from(out.subarray((30 * 32 + 8) * 3, (30 * 32 + 8) * 3 + 3))).toStrictEqual([114, 114, 114]);
  });
});

describe('toFrameBox', () => {
  it('maps a box in model pixels of a region back to frame pixels', () => {
    // Given a 320 region at (450, 165) seen by a 416 model
    const region = { x: 450, y: 165, width: 320, height: 320, kind: 'motion' as const };
    const lb = regionLetterbox(region, 416, 416);
    // When a model box is mapped back
    const box = toFrameBox([104, 208, 130, 260], region, lb, { width: 1280, height: 720 });
    // Then it is scaled by 320/416 and offset by the region's corner
    expect(box.map((v) => Math.round(v * 100) / 100)).toStrictEqual([530, 325, 550, 365]);
  });
});
