import { describe, expect, it } from 'vitest';
import { chooseFrameTimes } from '../../../server/src/analyze/frame-selector.js';

describe('chooseFrameTimes', () => {
  it('spreads frames evenly over the clip', () => {
    // Given a 10 s clip and 4 frames, When chosen, Then the middles of 4 equal slices
    expect(chooseFrameTimes({ durationS: 10, maxFrames: 4, bestT: null })).toEqual([1.25, 3.75, 6.25, 8.75]);
  });

  it('always includes the best frame, replacing the nearest slot', () => {
    // Given a best frame at 4.4 s, When chosen, Then it replaces 3.75 and the order is kept
    expect(chooseFrameTimes({ durationS: 10, maxFrames: 4, bestT: 4.4 })).toEqual([1.25, 4.4, 6.25, 8.75]);
  });

  it('keeps offsets inside the clip', () => {
    // Given a best frame past the end, When chosen, Then it is clamped before the end
    const times = chooseFrameTimes({ durationS: 2, maxFrames: 1, bestT: 9 });
    expect(times).toEqual([1.95]);
  });
});
