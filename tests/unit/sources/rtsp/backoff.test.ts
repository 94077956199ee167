import { describe, expect, it } from 'vitest';
import { Backoff } from '../../../../server/src/sources/rtsp/backoff.js';

describe('Backoff', () => {
  it('grows by the factor up to the maximum and starts over after reset', () => {
    // Given a backoff without jitter
    const backoff = new Backoff({ initialMs: 100, maxMs: 1000, factor: 2, jitter: 0 });
    // When attempts keep failing
    const delays = Array.from({ length: 6 }, () => backoff.next());
    // Then the waits double until capped
    expect(delays).toEqual([100, 200, 400, 800, 1000, 1000]);
    // When the stream worked again
    backoff.reset();
    // Then the next wait is the initial one
    expect(backoff.next()).toBe(100);
  });

  it('spreads each wait by the jitter share', () => {
    // Given 25% jitter
    const low = new Backoff({ initialMs: 1000, maxMs: 10_000, factor: 2, jitter: 0.25 }, () => 0);
    const high = new Backoff({ initialMs: 1000, maxMs: 10_000, factor: 2, jitter: 0.25 }, () => 0.999_999);
    // Then the first wait lies within 750..1250 ms
    expect(low.next()).toBe(750);
    expect(high.next()).toBeCloseTo(1250, 0);
  });
});
