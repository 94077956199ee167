import { describe, expect, it } from 'vitest';
import type { FrameDetections } from '../../../server/src/core/detection.js';
import { LabelTracker } from '../../../server/src/detect/label-tracker.js';

const frame = (t: number, ...detections: [string, number][]): FrameDetections => ({
  t,
  detections: detections.map(([label, score]) => ({ label, score, box: [0, 0, 10, 10] })),
});

describe('LabelTracker', () => {
  it('confirms a trigger label once it is seen in enough frames', () => {
    // Given a tracker that needs a person in two frames
    const tracker = new LabelTracker({ triggerLabels: ['person'], confirmFrames: 2 });
    // When a person shows up once, then again
    tracker.add(frame(0, ['person', 0.6], ['car', 0.9]));
    const afterOne = tracker.confirmed;
    tracker.add(frame(0.5, ['person', 0.8], ['person', 0.7]));
    // Then it is confirmed only after the second frame
    expect(afterOne).toBe(false);
    expect(tracker.confirmed).toBe(true);
  });

  it('summarises labels best score first and prefers a trigger frame as the best frame', () => {
    // Given a car-only frame with a high score and a person frame with a lower one
    const tracker = new LabelTracker({ triggerLabels: ['person'], confirmFrames: 2 });
    tracker.add(frame(0, ['car', 0.95]));
    tracker.add(frame(0.5, ['person', 0.7], ['car', 0.6]));
    tracker.add(frame(1, ['person', 0.8]));
    // When the result is read
    const result = tracker.result();
    // Then labels carry best score and frame count, and the best frame is the strongest person frame
    expect(result.labels).toStrictEqual([
      { label: 'car', bestScore: 0.95, frames: 2 },
      { label: 'person', bestScore: 0.8, frames: 2 },
    ]);
    expect(result.bestFrame?.t).toBe(1);
    expect(result.triggered).toBe(true);
    expect(result.framesSampled).toBe(3);
  });

  it('triggers on a still image even though it has only one frame', () => {
    // Given one frame with a person and a confirmation window of two
    const tracker = new LabelTracker({ triggerLabels: ['person'], confirmFrames: 2 });
    tracker.add(frame(0, ['person', 0.9]));
    // Then the clip still counts as triggered
    expect(tracker.result().triggered).toBe(true);
  });

  it('does not trigger on labels that are not triggers', () => {
    // Given frames with only cars
    const tracker = new LabelTracker({ triggerLabels: ['person'], confirmFrames: 1 });
    tracker.add(frame(0, ['car', 0.9]));
    // Then nothing is triggered, but the best frame is the car frame
    expect(tracker.result()).toMatchObject({ triggered: false, bestFrame: { t: 0 } });
  });
});
