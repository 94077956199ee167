import { describe, expect, it } from 'vitest';
import type { ModelDetection } from '../../../server/src/detect/model-detection.js';
import { iou, nonMaxSuppression } from '../../../server/src/detect/nms.js';

const det = (classId: number, score: number, box: [number, number, number, number]): ModelDetection => ({ classId, score, box });
const options = { iouThreshold: 0.45, maxDetections: 100 };

describe('nonMaxSuppression', () => {
  it('keeps the strongest of overlapping boxes of one class', () => {
    // Given two heavily overlapping person boxes
    const strong = det(0, 0.9, [0, 0, 100, 100]);
    const weak = det(0, 0.6, [5, 5, 105, 105]);
    // When NMS runs
    const kept = nonMaxSuppression([weak, strong], options);
    // Then only the stronger one is left
    expect(kept).toStrictEqual([strong]);
  });

  it('never lets one class suppress another', () => {
    // Given a person and a dog in the same place
    const person = det(0, 0.9, [0, 0, 100, 100]);
    const dog = det(16, 0.7, [0, 0, 100, 100]);
    // When NMS runs
    const kept = nonMaxSuppression([person, dog], options);
    // Then both remain
    expect(kept).toStrictEqual([person, dog]);
  });

  it('keeps separate objects of the same class and caps the count', () => {
    // Given three people side by side
    const people = [det(0, 0.7, [0, 0, 10, 10]), det(0, 0.9, [20, 0, 30, 10]), det(0, 0.8, [40, 0, 50, 10])];
    // When NMS runs with a cap of two
    const kept = nonMaxSuppression(people, { iouThreshold: 0.45, maxDetections: 2 });
    // Then the two best are kept, best first
    expect(kept.map((d) => d.score)).toStrictEqual([0.9, 0.8]);
  });
});

describe('iou', () => {
  it('is the shared area over the combined area', () => {
    // Given two 10x10 boxes overlapping by half
    // Then IoU is 50 / 150
    expect(iou([0, 0, 10, 10], [5, 0, 15, 10])).toBeCloseTo(1 / 3, 10);
    expect(iou([0, 0, 10, 10], [20, 20, 30, 30])).toBe(0);
  });
});
