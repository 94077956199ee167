import { describe, expect, it } from 'vitest';
import { isRetryable, parseRetryAfter, retryWaitMs } from '../../../server/src/analyze/retry.js';

describe('retry policy', () => {
  it('backs off exponentially with jitter, bounded by the maximum', () => {
    // Given base 1 s, max 8 s, half jitter, When retries grow, Then waits double and stay within half..full of the step
    const policy = { initialMs: 1000, maxMs: 8000, jitter: 0.5 };
    expect(retryWaitMs(1, policy, null, () => 1)).toBe(500);
    expect(retryWaitMs(1, policy, null, () => 0)).toBe(1000);
    expect(retryWaitMs(3, policy, null, () => 0)).toBe(4000);
    expect(retryWaitMs(11, policy, null, () => 0)).toBe(8000);
  });

  it('honours Retry-After up to the maximum', () => {
    // Given a Retry-After longer than the step, When backing off, Then it wins but is capped
    expect(retryWaitMs(1, { initialMs: 100, maxMs: 5000 }, 3000, () => 0)).toBe(3000);
    expect(retryWaitMs(1, { initialMs: 100, maxMs: 5000 }, 60_000, () => 0)).toBe(5000);
    expect(parseRetryAfter('2')).toBe(2000);
    expect(parseRetryAfter(new Date(10_000).toUTCString(), 4000)).toBe(6000);
    expect(parseRetryAfter('soon')).toBeNull();
  });

  it('retries only transient failures', () => {
    // Given error kinds, Then only rate limits, server errors, timeouts and unreachable are retried
    expect(['rate_limited', 'server_error', 'timeout', 'unreachable'].every((k) => isRetryable(k as never))).toBe(true);
    expect(isRetryable('auth_failed')).toBe(false);
    expect(isRetryable('rejected')).toBe(false);
  });
});
