import { describe, expect, it } from 'vitest';
import { RtspCameraSchema } from '../../../../../server/src/config/sections/camera-config.js';
import { MotionViewSchema, type MotionView } from '../../../../../server/src/core/motion-view.js';
import { MotionDetector, type MotionDetectorOptions } from '../../../../../server/src/sources/rtsp/stream/motion-detector.js';
import { buildMotionView, packBits } from '../../../../../server/src/sources/rtsp/stream/motion-view-builder.js';

/** The shipped motion settings, read from the config schema (160x90, pixel threshold 30, min area 10, 1 %). */
const DEFAULTS = RtspCameraSchema.parse({ name: 'cam', source: 'rtsp', url: 'rtsp://cam/stream' }).motion;
const defaults: MotionDetectorOptions = {
  width: DEFAULTS.width,
  height: DEFAULTS.height,
  pixelThreshold: DEFAULTS.pixel_threshold,
  minChangedPct: DEFAULTS.min_changed_pct,
  minArea: DEFAULTS.min_area,
  lightChangePct: DEFAULTS.light_change_pct,
  recordingSensitivity: DEFAULTS.recording_sensitivity,
  mask: [],
};
const W = defaults.width;
const H = defaults.height;

interface Spot {
  readonly x: number;
  readonly y: number;
  readonly w: number;
  readonly h: number;
}

/** A still grey floor with dark spots on it. */
function scene(spots: readonly Spot[] = []): Uint8Array {
  const f = new Uint8Array(W * H).fill(120);
  for (const s of spots) for (let y = s.y; y < s.y + s.h; y++) f.fill(40, y * W + s.x, y * W + s.x + s.w);
  return f;
}

/** A detector that has learnt the empty floor, and the view of the next frame as the overlay gets it. */
function viewOf(next: Uint8Array, options: MotionDetectorOptions = defaults, recording = false): MotionView {
  const detector = new MotionDetector(options);
  detector.analyse(scene(), recording);
  detector.analyse(scene(), recording);
  const reading = detector.analyse(next, recording);
  const view = buildMotionView({ camera: 'cam', at: 1000, fps: 5, settings: options, reading, changed: detector.changedPixels, recording });
  return MotionViewSchema.parse(view);
}

/** The changed pixels a view carries, decoded as the dashboard decodes them. */
function changedPixels(view: MotionView): { x: number; y: number }[] {
  const bytes = Buffer.from(view.changed, 'base64');
  const found: { x: number; y: number }[] = [];
  for (let i = 0; i < view.width * view.height; i++)
    if (((bytes[i >> 3] ?? 0) >> (7 - (i & 7))) & 1) found.push({ x: i % W, y: Math.floor(i / W) });
  return found;
}

describe('the motion overlay: what the detector saw in one frame', () => {
  it('packs one bit per pixel, row by row, the first pixel in the high bit', () => {
    // Given a 160x90 frame with the first, eighth, ninth and last pixels changed
    const pixels = new Uint8Array(W * H);
    for (const i of [0, 7, 8, W * H - 1]) pixels[i] = 1;
    // When it is packed
    const bytes = Buffer.from(packBits(pixels), 'base64');
    // Then it is 1,800 bytes with exactly those bits set
    expect(bytes.length).toBe(1800);
    expect([bytes[0], bytes[1], bytes[1799]]).toStrictEqual([0b1000_0001, 0b1000_0000, 0b0000_0001]);
    expect(bytes.subarray(2, 1799).every((b) => b === 0)).toBe(true);
  });

  it('shows a person-sized change as a region that counts, in shares of the picture, with the pixels that changed', () => {
    // Given the learnt floor / When a 4x6 px figure appears at (100, 40)
    const view = viewOf(scene([{ x: 100, y: 40, w: 4, h: 6 }]));
    // Then the changed pixels are the figure's, and its region (grown by one pixel, 6x8) counts as motion
    expect(changedPixels(view)).toHaveLength(24);
    expect(changedPixels(view).every(({ x, y }) => x >= 100 && x < 104 && y >= 40 && y < 46)).toBe(true);
    expect(view.regions).toStrictEqual([{ x: 99 / W, y: 39 / H, w: 6 / W, h: 8 / H, area: 48, counts: true }]);
    expect(view).toMatchObject({ motion: true, verdict: 'area', recording: false, needed: { minArea: 10, minChangedPct: 1 } });
    expect(view.changedPct).toBeCloseTo((100 * 24) / (W * H), 6);
    expect(view.tuning).toStrictEqual({
      fps: 5,
      pixelThreshold: 30,
      minArea: 10,
      minChangedPct: 1,
      lightChangePct: 50,
      recordingSensitivity: 2,
    });
  });

  it('shows a lone changed pixel as a region too small to count: below the threshold', () => {
    // Given the learnt floor / When one pixel changes (grown by one it is 9 px, under min_area 10)
    const view = viewOf(scene([{ x: 20, y: 20, w: 1, h: 1 }]));
    // Then the overlay has its region, marked as not counting, and the frame is no motion
    expect(view.regions).toStrictEqual([{ x: 19 / W, y: 19 / H, w: 3 / W, h: 3 / H, area: 9, counts: false }]);
    expect(view).toMatchObject({ motion: false, verdict: 'below_threshold' });
  });

  it('counts a smaller region while recording: min area divided by the recording sensitivity', () => {
    // Given a clip being recorded (min area 10 / 2 = 5) / When the lone pixel changes
    const view = viewOf(scene([{ x: 20, y: 20, w: 1, h: 1 }]), defaults, true);
    // Then its 9 px region counts, and the view says what was needed
    expect(view).toMatchObject({ motion: true, verdict: 'area', recording: true, needed: { minArea: 5, minChangedPct: 0.5 } });
    expect(view.regions.map((r) => r.counts)).toStrictEqual([true]);
  });

  it('says the share of changed pixels made it motion when no region is large enough', () => {
    // Given the learnt floor / When lone pixels change all over, 4 px apart (each region 9 px; 6 % of the picture)
    const spots: Spot[] = [];
    for (let y = 2; y < H - 2; y += 4) for (let x = 2; x < W - 2; x += 4) spots.push({ x, y, w: 1, h: 1 });
    const view = viewOf(scene(spots));
    // Then no region counts, yet the frame is motion by its share
    expect(view.regions).toHaveLength(spots.length);
    expect(view.regions.some((r) => r.counts)).toBe(false);
    expect(view.changedPct).toBeGreaterThan(1);
    expect(view).toMatchObject({ motion: true, verdict: 'share' });
  });

  it('says a change almost everywhere at once is light, ignored: the changed pixels shown, no regions', () => {
    // Given the learnt floor / When a third of the picture turns brighter and a third darker (no one gain or shift explains it)
    const frame = scene();
    for (let i = 0; i < frame.length; i++) frame[i] = i % 3 === 0 ? 200 : i % 3 === 1 ? 40 : 120;
    const view = viewOf(frame);
    // Then the overlay shows the changed pixels, draws no region, and says light change
    expect(changedPixels(view).length).toBeGreaterThan((W * H) / 2);
    expect(view).toMatchObject({ motion: false, verdict: 'light_change', regions: [] });
  });

  it('shows nothing but "learning" for the frame that only primes the background', () => {
    // Given a fresh detector / When its first frame, full of change, arrives
    const detector = new MotionDetector(defaults);
    const reading = detector.analyse(scene([{ x: 0, y: 0, w: W, h: 45 }]), false);
    const view = buildMotionView({
      camera: 'cam',
      at: 0,
      fps: 5,
      settings: defaults,
      reading,
      changed: detector.changedPixels,
      recording: false,
    });
    // Then no pixel, no region: it is learning
    expect(changedPixels(view)).toStrictEqual([]);
    expect(view).toMatchObject({ motion: false, verdict: 'learning', regions: [], changedPct: 0 });
  });

  it('carries the masks, and shows no change under them', () => {
    // Given a rectangle mask over the left quarter and a triangle mask at the bottom right
    const masked: MotionDetectorOptions = {
      ...defaults,
      mask: [{ x: 0, y: 0, w: 0.25, h: 1 }],
      maskPolygons: [
        [
          [0.75, 1],
          [1, 0.5],
          [1, 1],
        ],
      ],
    };
    // When a figure moves under the rectangle mask
    const view = viewOf(scene([{ x: 10, y: 40, w: 4, h: 6 }]), masked);
    // Then nothing changed where it is masked, and the masks come with the view for the overlay to grey out
    expect(changedPixels(view)).toStrictEqual([]);
    expect(view.verdict).toBe('below_threshold');
    expect(view.masks).toStrictEqual({
      rects: [{ x: 0, y: 0, w: 0.25, h: 1 }],
      polygons: [
        [
          [0.75, 1],
          [1, 0.5],
          [1, 1],
        ],
      ],
    });
  });
});
