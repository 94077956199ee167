import { describe, expect, it } from 'vitest';
import { MotionDetector, type MotionDetectorOptions } from '../../../../../server/src/sources/rtsp/stream/motion-detector.js';

const W = 40;
const H = 20;
// These cases measure the share of changed pixels: regions never reach min_area here.
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

/** A grey frame with a bright box at (x, y) of size w x h. */
function frame(box?: { x: number; y: number; w: number; h: number }, background = 50): Uint8Array {
  const f = new Uint8Array(W * H).fill(background);
  if (box) for (let y = box.y; y < box.y + box.h; y++) f.fill(200, y * W + box.x, y * W + box.x + box.w);
  return f;
}

describe('MotionDetector', () => {
  it('only primes on the first frame', () => {
    // Given a fresh detector
    const detector = new MotionDetector(base);
    // When it sees its first frame, even a busy one
    const reading = detector.analyse(frame({ x: 0, y: 0, w: 40, h: 20 }), false);
    // Then nothing is compared and no motion is reported
    expect(reading).toEqual({ changedPct: 0, motion: false, compared: false, boxes: [], lightChange: false });
  });

  it('reports the share of changed pixels and motion above the idle threshold', () => {
    // Given a primed detector
    const detector = new MotionDetector(base);
    detector.analyse(frame(), false);
    // When a 10x8 box (10% of 800 pixels) appears
    const reading = detector.analyse(frame({ x: 5, y: 5, w: 10, h: 8 }), false);
    // Then 10% changed, which is motion at a 5% threshold
    expect(reading.changedPct).toBeCloseTo(10);
    expect(reading.motion).toBe(true);
  });

  it('ignores changes below the pixel threshold (noise, light flicker)', () => {
    // Given a primed detector with a pixel threshold of 20
    const detector = new MotionDetector(base);
    detector.analyse(frame(undefined, 50), false);
    // When the whole frame brightens by 15 grey levels
    const reading = detector.analyse(frame(undefined, 65), false);
    // Then no pixel counts as changed
    expect(reading.changedPct).toBe(0);
    expect(reading.motion).toBe(false);
  });

  it('is more sensitive while recording (hysteresis)', () => {
    // Given a change of 3% (24 of 800 pixels), below the idle threshold of 5%
    const small = { x: 0, y: 0, w: 6, h: 4 };
    const idle = new MotionDetector(base);
    idle.analyse(frame(), false);
    const recording = new MotionDetector(base);
    recording.analyse(frame(), true);
    // When it is seen while idle and while recording (threshold 5% / 2 = 2.5%)
    // Then only the recording detector calls it motion
    expect(idle.analyse(frame(small), false).motion).toBe(false);
    expect(recording.analyse(frame(small), true).motion).toBe(true);
  });

  it('does not count changes inside a mask rectangle, and measures the share of unmasked pixels', () => {
    // Given the left half of the frame masked
    const detector = new MotionDetector({ ...base, mask: [{ x: 0, y: 0, w: 0.5, h: 1 }] });
    detector.analyse(frame(), false);
    // When a box changes only inside the mask
    expect(detector.analyse(frame({ x: 2, y: 2, w: 10, h: 10 }), false).changedPct).toBe(0);
    // Then a box of 40 pixels in the right half is 10% of the 400 unmasked pixels
    detector.analyse(frame(), false);
    expect(detector.analyse(frame({ x: 25, y: 2, w: 10, h: 4 }), false).changedPct).toBeCloseTo(10);
  });

  it('compares against its own copy, so the caller may reuse its frame buffer', () => {
    // Given a caller that writes every frame into the same buffer (as the pipe splitter does)
    const detector = new MotionDetector(base);
    const buffer = frame();
    detector.analyse(buffer, false);
    // When the buffer is overwritten with a frame holding a 10% box
    buffer.set(frame({ x: 5, y: 5, w: 10, h: 8 }));
    // Then the change is still measured against the earlier content
    expect(detector.analyse(buffer, false).changedPct).toBeCloseTo(10);
  });

  it('starts over after reset and rejects frames of the wrong size', () => {
    // Given a primed detector that is reset
    const detector = new MotionDetector(base);
    detector.analyse(frame(), false);
    detector.reset();
    // When a different frame arrives, Then it only primes
    expect(detector.analyse(frame({ x: 0, y: 0, w: 20, h: 20 }), false).compared).toBe(false);
    // When a frame of the wrong size arrives, Then it is refused
    expect(() => detector.analyse(new Uint8Array(10), false)).toThrow(RangeError);
  });
});
