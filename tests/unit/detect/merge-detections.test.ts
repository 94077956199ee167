import { describe, expect, it } from 'vitest';
import { mergeRegionDetections, type RegionDetection } from '../../../server/src/detect/merge-detections.js';

const det = (classId: number, score: number, box: [number, number, number, number], clipped = false): RegionDetection => ({
  classId,
  score,
  box,
  clipped,
});
const options = { iouThreshold: 0.45, maxDetections: 100 };

describe('mergeRegionDetections', () => {
  it('keeps one box for an object seen in two overlapping tiles and in the whole frame', () => {
    // Given the same person from a tile, its neighbour tile and the whole frame
    const merged = mergeRegionDetections(
      [det(0, 0.8, [100, 100, 140, 200]), det(0, 0.7, [101, 99, 141, 201]), det(0, 0.6, [98, 102, 139, 198])],
      options,
    );
    // Then the strongest stays
    expect(merged).toStrictEqual([{ classId: 0, score: 0.8, box: [100, 100, 140, 200] }]);
  });

  it('prefers the whole view of an object over a stronger clipped part', () => {
    // Given a clipped upper half scoring 0.9 and the whole person scoring 0.7 from a larger region
    const merged = mergeRegionDetections([det(0, 0.9, [100, 100, 140, 150], true), det(0, 0.7, [100, 100, 140, 200])], options);
    // Then the whole person is kept and the part inside it dropped
    expect(merged).toStrictEqual([{ classId: 0, score: 0.7, box: [100, 100, 140, 200] }]);
  });

  it('never merges different classes, and keeps a small object beside a large one of its class', () => {
    // Given a dog on a person, and a far small car behind a large parked car (under 5% of its area)
    const merged = mergeRegionDetections(
      [det(0, 0.9, [100, 100, 200, 300]), det(16, 0.8, [100, 100, 200, 300]), det(2, 0.9, [0, 0, 600, 400]), det(2, 0.6, [10, 10, 40, 30])],
      options,
    );
    // Then all four remain
    expect(merged).toHaveLength(4);
  });
});
