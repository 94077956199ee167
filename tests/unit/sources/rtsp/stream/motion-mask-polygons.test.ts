import { describe, expect, it } from 'vitest';
import {
  buildInclusionMap,
  MotionDetector,
  type MotionDetectorOptions,
} from '../../../../../server/src/sources/rtsp/stream/motion-detector.js';

const W = 40;
const H = 20;
const base: MotionDetectorOptions = {
  width: W,
  height: H,
  pixelThreshold: 20,
  minChangedPct: 5,
  minArea: 10_000,
  lightChangePct: 90,
  recordingSensitivity: 2,
  mask: [],
};

function frame(box?: { x: number; y: number; w: number; h: number }): Uint8Array {
  const f = new Uint8Array(W * H).fill(50);
  if (box) for (let y = box.y; y < box.y + box.h; y++) f.fill(200, y * W + box.x, y * W + box.x + box.w);
  return f;
}

describe('motion mask polygons', () => {
  it('masks the pixels whose centre a polygon holds, beside rectangle masks', () => {
    // Given a triangle over the top left corner (half of the left half) and a rectangle over the right quarter
    const map = buildInclusionMap({
      width: W,
      height: H,
      mask: [{ x: 0.75, y: 0, w: 0.25, h: 1 }],
      maskPolygons: [
        [
          [0, 0],
          [0.5, 0],
          [0, 1],
        ],
      ],
    });
    // When the inclusion map is built, Then the triangle's pixels and the rectangle's are out, the rest in
    const at = (x: number, y: number) => map[y * W + x];
    expect([at(0, 0), at(9, 9), at(18, 0), at(0, 18)]).toStrictEqual([0, 0, 0, 0]);
    expect([at(30, 5), at(39, 19)]).toStrictEqual([0, 0]);
    expect([at(15, 15), at(25, 10), at(20, 0)]).toStrictEqual([1, 1, 1]);
    // And the triangle covers about a quarter of the frame (200 of 800 pixels), the rectangle another 200
    expect(map.reduce((sum, v) => sum + v, 0)).toBeGreaterThan(390);
    expect(map.reduce((sum, v) => sum + v, 0)).toBeLessThan(410);
  });

  it('does not count changes inside a mask polygon', () => {
    // Given a swaying tree drawn as a polygon over the left half
    const detector = new MotionDetector({
      ...base,
      maskPolygons: [
        [
          [0, 0],
          [0.5, 0],
          [0.5, 1],
          [0, 1],
        ],
      ],
    });
    detector.analyse(frame(), false);
    // When a box changes only inside it, Then nothing changed
    expect(detector.analyse(frame({ x: 2, y: 2, w: 10, h: 10 }), false)).toMatchObject({ changedPct: 0, motion: false });
    // And a box of 40 pixels outside it is 10% of the 400 unmasked pixels: motion
    detector.analyse(frame(), false);
    expect(detector.analyse(frame({ x: 25, y: 2, w: 10, h: 4 }), false)).toMatchObject({
      changedPct: expect.closeTo(10) as number,
      motion: true,
    });
  });
});
