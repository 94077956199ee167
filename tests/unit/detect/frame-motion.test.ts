import { describe, expect, it } from 'vitest';
import { cellGrid, motionBetween } from '../../../server/src/detect/frame-motion.js';

function grey(width: number, height: number, value = 120) {
  return { data: new Uint8Array(width * height * 3).fill(value), width, height };
}

function paint(frame: { data: Uint8Array; width: number }, box: [number, number, number, number], value: number) {
  for (let y = box[1]; y < box[3]; y += 1)
    for (let x = box[0]; x < box[2]; x += 1) frame.data.fill(value, (y * frame.width + x) * 3, (y * frame.width + x) * 3 + 3);
}

describe('motionBetween', () => {
  it('finds where a small object moved, as one box per blob in frame pixels', () => {
    // Given a still grey 1280x720 frame, then a dark 16x40 figure at two far-apart places
    const before = grey(1280, 720);
    const after = grey(1280, 720);
    paint(after, [400, 200, 416, 240], 30);
    paint(after, [1000, 600, 1016, 640], 30);
    // When the cells are compared (8 px cells at 1280)
    const boxes = motionBetween(cellGrid(before), cellGrid(after));
    // Then two boxes come back, on the figures' cells
    expect(boxes).toStrictEqual([
      [400, 200, 416, 240],
      [1000, 600, 1016, 640],
    ]);
  });

  it('ignores noise smaller than the threshold and a frame that did not change', () => {
    // Given sensor-like noise of a few levels on every pixel
    const before = grey(320, 180);
    const after = grey(320, 180);
    for (let i = 0; i < after.data.length; i += 1) after.data[i] = 120 + ((i * 7919) % 9) - 4;
    // Then there is no motion
    expect(motionBetween(cellGrid(before), cellGrid(after))).toStrictEqual([]);
    expect(motionBetween(cellGrid(before), cellGrid(before))).toStrictEqual([]);
  });
});
