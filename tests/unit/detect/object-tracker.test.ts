import { describe, expect, it } from 'vitest';
import type { Box } from '../../../server/src/core/detection.js';
import { ObjectTracker } from '../../../server/src/detect/object-tracker.js';

const person = (box: Box, score = 0.8) => ({ label: 'person', score, box });
const car = (box: Box, score = 0.9) => ({ label: 'car', score, box });

describe('ObjectTracker', () => {
  it('keeps one id for a walker and another for a second walker crossing the frame', () => {
    // Given two people walking in opposite directions, sampled every 0.5 s
    const tracker = new ObjectTracker({ stationaryAfterS: 60 });
    for (let i = 0; i < 6; i += 1) {
      tracker.update(i / 2, [person([100 + i * 30, 100, 140 + i * 30, 200]), person([600 - i * 30, 300, 640 - i * 30, 400])]);
    }
    // Then there are two objects, each seen in all six frames, with a path of six points
    const objects = tracker.objects();
    expect(objects.map((o) => [o.id, o.frames])).toStrictEqual([
      [1, 6],
      [2, 6],
    ]);
    expect(objects[0]?.path[5]).toStrictEqual([2.5, 270, 150]);
  });

  it('starts a new object when a box of its label appears far away, and never matches across labels', () => {
    const tracker = new ObjectTracker({ stationaryAfterS: 60 });
    tracker.update(0, [person([100, 100, 140, 200])]);
    // When a person appears far away and a car where the person was
    tracker.update(0.5, [person([900, 500, 940, 600]), car([100, 100, 140, 200])]);
    // Then three objects: the first person was not seen again
    expect(tracker.objects().map((o) => `${o.id}:${o.label}:${o.frames}`)).toStrictEqual(['1:person:1', '2:person:1', '3:car:1']);
  });

  it('marks a parked car stationary after stationary_after_s, and active again when it drives off', () => {
    // Given a car that stays put (small jitter) for 61 s with stationary_after_s 60
    const tracker = new ObjectTracker({ stationaryAfterS: 60 });
    for (let t = 0; t <= 61; t += 1) tracker.update(t, [car([500 + (t % 2), 300, 700, 420])]);
    expect(tracker.objects()[0]?.stationary).toBe(true);
    // When it moves away
    tracker.update(62, [car([600, 300, 800, 420])]);
    tracker.update(63, [car([700, 300, 900, 420])]);
    // Then it is the same object, no longer stationary
    expect(tracker.objects().map((o) => [o.id, o.stationary])).toStrictEqual([[1, false]]);
  });

  it('keeps a parked car stationary while a person walks by it', () => {
    // Given a car parked for 70 s, then a person passing in front of it
    const tracker = new ObjectTracker({ stationaryAfterS: 60 });
    for (let t = 0; t <= 70; t += 1) tracker.update(t, [car([500, 300, 700, 420])]);
    for (let t = 71; t <= 74; t += 1)
      tracker.update(t, [car([500, 300, 700, 420]), person([300 + (t - 71) * 60, 280, 340 + (t - 71) * 60, 400])]);
    // Then the car is stationary and the person a separate moving object
    expect(tracker.objects().map((o) => [o.label, o.stationary])).toStrictEqual([
      ['car', true],
      ['person', false],
    ]);
  });

  it('gives up an object unseen for longer than max_unseen_s', () => {
    const tracker = new ObjectTracker({ stationaryAfterS: 60, maxUnseenS: 2 });
    tracker.update(0, [person([100, 100, 140, 200])]);
    tracker.update(5, [person([100, 100, 140, 200])]);
    expect(tracker.objects().map((o) => o.id)).toStrictEqual([1, 2]);
  });

  it('keeps a parked car stationary while a shadow makes its box waver, and remembers it while it is hidden', () => {
    // Given a car parked for 10 s (stationary_after_s 5)
    const parked: Box = [500, 300, 700, 420];
    const tracker = new ObjectTracker({ stationaryAfterS: 5 });
    for (let t = 0; t <= 10; t += 1) tracker.update(t, [car(parked)]);
    expect(tracker.objects()[0]?.stationary).toBe(true);
    // When a shadow sweeps over it: every other frame the detector outlines only its left half (overlap 0.5)
    for (let t = 11; t <= 21; t += 1) tracker.update(t, [car(t % 2 === 0 ? [500, 300, 600, 420] : parked)]);
    // Then it stays one stationary object
    expect(tracker.objects().map((o) => [o.id, o.stationary])).toStrictEqual([[1, true]]);
    // When it is hidden for 60 s (a van parks in front of it) and nothing else is seen
    tracker.update(80, []);
    // Then it is still known as standing there, for a later look at the camera
    expect(tracker.stationaryObjects()).toStrictEqual([{ label: 'car', box: parked }]);
    // When it drives off (its box hardly overlaps where it stood)
    tracker.update(81, [car([660, 300, 860, 420])]);
    // Then it is active again
    expect(tracker.objects()[0]?.stationary).toBe(false);
  });
});
