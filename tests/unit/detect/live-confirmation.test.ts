import { describe, expect, it } from 'vitest';
import type { Box, Detection } from '../../../server/src/core/detection.js';
import type { LiveFrame, LiveObservation } from '../../../server/src/core/object-detector.js';
import { confirmLive, type LiveRule } from '../../../server/src/detect/live-confirmation.js';

const PARKED: Box = [100, 100, 300, 200];

/** A live frame `s` seconds into the run with the given objects. */
function liveFrame(s: number, ...objects: [string, Box][]): LiveFrame {
  const detections: Detection[] = objects.map(([label, box]) => ({ label, score: 0.8, box }));
  return { atMs: 1_000_000 + s * 1000, detections, frameWidth: 1280, frameHeight: 720, jpeg: Buffer.from([0xff, 0xd8]) };
}

async function observe(frames: LiveFrame[], rule: LiveRule): Promise<LiveObservation[]> {
  async function* feed() {
    yield* frames;
  }
  const out: LiveObservation[] = [];
  for await (const o of confirmLive(feed(), rule)) out.push(o);
  return out;
}

const rule: LiveRule = { triggerLabels: ['person', 'car'], confirmFrames: 2, stationaryAfterS: 3 };

describe('confirmLive: stationary objects', () => {
  it('confirms a car that arrives, but not one that has stood still for stationary_after_s', async () => {
    // Given a car that drives in and parks (moving in the first frames, then still for 10 s)
    const arriving = [liveFrame(0, ['car', [0, 100, 200, 200]]), liveFrame(0.5, ['car', [60, 100, 260, 200]])];
    const parked = Array.from({ length: 20 }, (_, i) => liveFrame(1 + i * 0.5, ['car', PARKED]));
    // When the live detector watches it
    const seen = await observe([...arriving, ...parked], rule);
    // Then the arrival confirms the car, and at the end it is counted and remembered as stationary
    expect(seen[1]?.findings.confirmed).toBe(true);
    const last = seen[seen.length - 1];
    expect(last?.findings.objectCounts).toEqual([{ label: 'car', moving: 0, stationary: 1 }]);
    expect(last?.findings.stationary).toEqual([{ label: 'car', box: PARKED }]);
  });

  it('does not confirm a known parked car in a later run, and confirms the person who walks past it', async () => {
    // Given a later run that starts from the parked car the earlier one left standing
    const later: LiveRule = { ...rule, stationaryObjects: [{ label: 'car', box: PARKED }] };
    // When the car is seen where it stood for several frames
    const carOnly = await observe(
      Array.from({ length: 6 }, (_, i) => liveFrame(i * 0.5, ['car', PARKED])),
      later,
    );
    // Then nothing is confirmed: the parked car is no news
    expect(carOnly.some((o) => o.findings.confirmed)).toBe(false);
    expect(carOnly[carOnly.length - 1]?.findings.objectCounts).toEqual([{ label: 'car', moving: 0, stationary: 1 }]);
    // When a person walks past the parked car
    const walker = (i: number): [string, Box] => ['person', [400 + i * 40, 300, 440 + i * 40, 400]];
    const withPerson = await observe(
      Array.from({ length: 4 }, (_, i) => liveFrame(i * 0.5, ['car', PARKED], walker(i))),
      later,
    );
    // Then the person confirms the event, counted as 1 moving person beside 1 stationary car
    expect(withPerson[1]?.findings.confirmed).toBe(true);
    // ...and each frame says what is in view right now, moving and stationary apart (the HA sensors)
    expect(withPerson[withPerson.length - 1]?.findings.inView).toEqual([
      { label: 'car', moving: 0, stationary: 1 },
      { label: 'person', moving: 1, stationary: 0 },
    ]);
    expect(withPerson[withPerson.length - 1]?.findings.objectCounts).toEqual([
      { label: 'car', moving: 0, stationary: 1 },
      { label: 'person', moving: 1, stationary: 0 },
    ]);
  });

  it('confirms a new car arriving beside a parked one', async () => {
    // Given the known parked car
    const later: LiveRule = { ...rule, stationaryObjects: [{ label: 'car', box: PARKED }] };
    // When a second car drives in beside it
    const arriving = (i: number): [string, Box] => ['car', [700 + i * 60, 100, 900 + i * 60, 200]];
    const seen = await observe(
      Array.from({ length: 3 }, (_, i) => liveFrame(i * 0.5, ['car', PARKED], arriving(i))),
      later,
    );
    // Then the new car confirms the event
    expect(seen[1]?.findings.confirmed).toBe(true);
  });
});
