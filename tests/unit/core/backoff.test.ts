import { describe, expect, it } from 'vitest';
import { Backoff, backoffDelay } from '../../../server/src/runtime/backoff.js';

describe('backoff', () => {
  it('grows by the factor up to the maximum and starts over after reset', () => {
    // Given a backoff without jitter
    const backoff = new Backoff({ initialMs: 100, maxMs: 1000, factor: 2 });
    // When attempts keep failing
    const delays = Array.from({ length: 6 }, () => backoff.next());
    // Then the waits double until capped
    expect(delays).toEqual([100, 200, 400, 800, 1000, 1000]);
    expect(backoff.attempts).toBe(6);
    // When the stream worked again
    backoff.reset();
    // Then the next wait is the initial one
    expect(backoff.next()).toBe(100);
  });

  it('takes the jitter share off each step, never adding to it', () => {
    // Given 25% jitter on a 1 s first step
    const policy = { initialMs: 1000, maxMs: 10_000, jitter: 0.25 };
    // Then the first wait lies within 750..1000 ms
    expect(backoffDelay(1, policy, () => 0)).toBe(1000);
    expect(backoffDelay(1, policy, () => 1)).toBe(750);
    // And a capped step stays within the maximum
    expect(backoffDelay(20, policy, () => 0)).toBe(10_000);
  });

  it('grows by a custom factor', () => {
    // Given a factor of 1.6, When the third retry comes, Then it waits 1.6^2 steps
    expect(backoffDelay(3, { initialMs: 1000, maxMs: 60_000, factor: 1.6 })).toBeCloseTo(2560, 6);
  });
});
