import { describe, expect, it } from 'vitest';
import { LoginLimiter } from '../../../../server/src/http/auth/login-limiter.js';

const MINUTE_MS = 60_000;

function clock(start = 5_000_000) {
  let now = start;
  return { now: () => now, advance: (ms: number) => (now += ms) };
}

describe('LoginLimiter', () => {
  it('lets an address fail five times within 15 minutes, then makes it wait until the oldest failure ages out', () => {
    // Given an address that fails a login every minute
    const time = clock();
    const limiter = new LoginLimiter(time.now);
    const waits: number[] = [];
    for (let i = 0; i < 5; i++) {
      waits.push(limiter.waitMs('10.0.0.9'));
      limiter.failed('10.0.0.9');
      time.advance(MINUTE_MS);
    }
    // Then the first five tries were free, and now it waits 15 min after its first failure (10 min from now)
    expect(waits).toEqual([0, 0, 0, 0, 0]);
    expect(limiter.waitMs('10.0.0.9')).toBe(10 * MINUTE_MS);
    // And another address is not held up by it
    expect(limiter.waitMs('10.0.0.10')).toBe(0);
    // When the oldest failure is 15 minutes old / Then one more try is allowed
    time.advance(10 * MINUTE_MS);
    expect(limiter.waitMs('10.0.0.9')).toBe(0);
  });

  it('clears an address on a successful login', () => {
    // Given an address with four failures
    const limiter = new LoginLimiter(clock().now);
    for (let i = 0; i < 4; i++) limiter.failed('a');
    // When it logs in / Then its count starts again: five more failures before it waits
    limiter.succeeded('a');
    for (let i = 0; i < 4; i++) limiter.failed('a');
    expect(limiter.waitMs('a')).toBe(0);
    limiter.failed('a');
    expect(limiter.waitMs('a')).toBeGreaterThan(0);
  });

  it('takes another rule, and forgets failures older than its window', () => {
    // Given a rule of two failures per minute
    const time = clock();
    const limiter = new LoginLimiter(time.now, { maxFailures: 2, windowMs: MINUTE_MS });
    limiter.failed('b');
    time.advance(MINUTE_MS);
    limiter.failed('b');
    // Then a failure a minute old no longer counts
    expect(limiter.waitMs('b')).toBe(0);
    limiter.failed('b');
    expect(limiter.waitMs('b')).toBe(MINUTE_MS);
  });

  it('remembers at most 10 000 addresses: the oldest are forgotten first', () => {
    // Given 10 001 addresses that each failed five times
    const limiter = new LoginLimiter(clock().now);
    for (let i = 0; i <= 10_000; i++) for (let n = 0; n < 5; n++) limiter.failed(`addr-${i}`);
    // Then the first is forgotten (memory stays bounded), the last still waits
    expect(limiter.waitMs('addr-0')).toBe(0);
    expect(limiter.waitMs('addr-10000')).toBeGreaterThan(0);
  });
});
