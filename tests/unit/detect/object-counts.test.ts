import { describe, expect, it } from 'vitest';
import { countObjects, describeObjectCounts } from '../../../server/src/detect/object-counts.js';

describe('countObjects and describeObjectCounts', () => {
  it('counts objects per label, moving and stationary apart, leaving out one-frame flukes', () => {
    // Given two persons, a moving car, a parked car and a dog seen in one frame only
    const counts = countObjects(
      [
        { label: 'person', frames: 5, stationary: false },
        { label: 'person', frames: 3, stationary: false },
        { label: 'car', frames: 4, stationary: false },
        { label: 'car', frames: 9, stationary: true },
        { label: 'dog', frames: 1, stationary: false },
      ],
      2,
    );
    // Then
    expect(counts).toStrictEqual([
      { label: 'car', moving: 1, stationary: 1 },
      { label: 'person', moving: 2, stationary: 0 },
    ]);
    expect(describeObjectCounts(counts)).toBe('1 car, 2 persons (stationary: 1 car)');
    expect(describeObjectCounts([{ label: 'bus', moving: 2, stationary: 0 }])).toBe('2 buses');
    expect(describeObjectCounts([])).toBe('');
  });
});
