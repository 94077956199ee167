import { describe, expect, it } from 'vitest';
import { RtspCameraSchema } from '../../../../../server/src/config/sections/camera-config.js';
import { MotionDetector, type MotionDetectorOptions } from '../../../../../server/src/sources/rtsp/stream/motion-detector.js';

/** The shipped motion settings, read from the config schema. */
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
  readonly value?: number;
}

/** A still grey floor with darker spots on it (people seen from far away). */
function scene(spots: readonly Spot[] = [], floor = 120): Uint8Array {
  const f = new Uint8Array(W * H).fill(floor);
  for (const s of spots) for (let y = s.y; y < s.y + s.h; y++) f.fill(s.value ?? 40, y * W + s.x, y * W + s.x + s.w);
  return f;
}

/** A few people 40-60 px tall in a 400x300 window of a 2560x1440 camera, on the 160x90 motion frame: 1x3 px each. */
function farPeople(step: number): Spot[] {
  return [0, 1, 2, 3].map((i) => ({ x: 130 + i * 5 + (step % 3), y: 10 + (i % 2) * 6, w: 1, h: 3 }));
}

describe('MotionDetector: changed regions', () => {
  it('starts motion with the defaults when a few far people appear, though they change under 1 % of the frame', () => {
    // Given a still floor learnt by the detector
    const detector = new MotionDetector(defaults);
    detector.analyse(scene(), false);
    for (let i = 0; i < 5; i++) expect(detector.analyse(scene(), false).motion).toBe(false);
    // When four people 1x3 px each walk in one corner
    const reading = detector.analyse(scene(farPeople(0)), false);
    // Then the share of changed pixels is far under min_changed_pct, yet their region is motion
    expect(reading.changedPct).toBeLessThan(0.2);
    expect(reading.motion).toBe(true);
    // And the motion boxes, in frame shares, lie around them
    expect(reading.boxes.length).toBeGreaterThan(0);
    for (const b of reading.boxes) {
      expect(b.x).toBeGreaterThan(0.75);
      expect(b.x + b.w).toBeLessThanOrEqual(1);
      expect(b.y + b.h).toBeLessThan(0.35);
    }
  });

  it('ignores lone noisy pixels anywhere in the frame', () => {
    // Given a learnt still scene
    const detector = new MotionDetector(defaults);
    detector.analyse(scene(), false);
    // When single pixels flip far apart (sensor noise the blur did not remove)
    const noisy = scene([0, 1, 2, 3, 4, 5, 6, 7].map((i) => ({ x: 7 + i * 19, y: 5 + i * 10, w: 1, h: 1, value: 200 })));
    const reading = detector.analyse(noisy, false);
    // Then pixels changed, but no region is large enough: no motion, no boxes
    expect(reading.changedPct).toBeGreaterThan(0);
    expect(reading.motion).toBe(false);
    expect(reading.boxes).toEqual([]);
  });

  it('keeps masked regions out', () => {
    // Given the top right quarter masked
    const detector = new MotionDetector({ ...defaults, mask: [{ x: 0.75, y: 0, w: 0.25, h: 0.5 }] });
    detector.analyse(scene(), false);
    // When the far people walk inside the mask, Then nothing moves
    expect(detector.analyse(scene(farPeople(0)), false).motion).toBe(false);
    // When a person walks outside it, Then that is motion
    expect(detector.analyse(scene([{ x: 20, y: 60, w: 2, h: 4 }]), false).motion).toBe(true);
  });

  it('lets a parked object fade into the running-average background', () => {
    // Given a learnt floor
    const detector = new MotionDetector(defaults);
    detector.analyse(scene(), false);
    // When a car parks and stays
    const parked = scene([{ x: 40, y: 40, w: 20, h: 10 }]);
    expect(detector.analyse(parked, false).motion).toBe(true);
    let frames = 1;
    while (detector.analyse(parked, false).motion && frames < 1000) frames++;
    // Then motion lasts a while (a 5 fps camera: several seconds), then the car is background
    expect(frames).toBeGreaterThan(20);
    expect(frames).toBeLessThan(1000);
    // And a person walking past it later is motion again
    expect(detector.analyse(scene([{ x: 40, y: 40, w: 20, h: 10 }, ...farPeople(1)]), false).motion).toBe(true);
  });

  it('does not call a change of light motion: global dimming, or a lamp over most of the frame', () => {
    // Given a learnt scene with a few dark objects
    const objects = [{ x: 10, y: 10, w: 8, h: 8 }];
    const detector = new MotionDetector(defaults);
    detector.analyse(scene(objects, 120), false);
    // When the whole picture gets half as bright at once (exposure, a cloud)
    const dim = detector.analyse(
      scene(objects, 120).map((v) => Math.round(v / 2)),
      false,
    );
    // Then that is no motion
    expect(dim.motion).toBe(false);
    // When light is added evenly instead (30 grey levels on every pixel, bright ones too)
    const lifted = new MotionDetector(defaults);
    const contrasted = scene([...objects, { x: 100, y: 20, w: 20, h: 20, value: 210 }], 120);
    lifted.analyse(contrasted, false);
    // Then that is no motion either
    expect(
      lifted.analyse(
        contrasted.map((v) => Math.min(255, v + 30)),
        false,
      ).motion,
    ).toBe(false);
    // When a lamp on the right lights the scene unevenly (from as bright as before on the left to 4x on the right)
    const lamp = new MotionDetector(defaults);
    const night = scene(objects, 60);
    lamp.analyse(night, false);
    const lit = night.map((v, i) => Math.min(255, Math.round(v * (1 + (3 * (i % W)) / W))));
    const lamped = lamp.analyse(lit, false);
    // Then it is reported as a light change, not motion, and the background restarts from it
    expect(lamped).toMatchObject({ motion: false, lightChange: true, boxes: [] });
    expect(lamp.analyse(lit, false).motion).toBe(false);
  });

  it('is more sensitive to small regions while recording (hysteresis on min_area)', () => {
    // Given a region of 2x1 pixels, 12 pixels once grown (4x3): above min_area / 2, under min_area
    const spot = [{ x: 50, y: 50, w: 2, h: 1 }];
    const idle = new MotionDetector({ ...defaults, minArea: 16 });
    idle.analyse(scene(), false);
    const recording = new MotionDetector({ ...defaults, minArea: 16 });
    recording.analyse(scene(), true);
    // When it appears, Then only the recording detector calls it motion
    expect(idle.analyse(scene(spot), false).motion).toBe(false);
    expect(recording.analyse(scene(spot), true).motion).toBe(true);
  });
});
