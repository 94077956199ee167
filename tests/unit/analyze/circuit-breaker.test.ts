import { describe, expect, it } from 'vitest';
import { CircuitBreaker } from '../../../server/src/analyze/circuit-breaker.js';

describe('CircuitBreaker', () => {
  it('opens after N failures, lets one trial through after the pause, and closes on its success', () => {
    // Given a breaker that opens after 2 failures for 1000 ms
    let now = 0;
    const breaker = new CircuitBreaker({ failures: 2, openMs: 1000, now: () => now });

    // When two calls fail, Then calls are refused
    breaker.failed();
    expect(breaker.state()).toBe('closed');
    breaker.failed();
    expect(breaker.tryAcquire()).toBe(false);

    // When the pause is over, Then exactly one trial goes out
    now = 1000;
    expect(breaker.tryAcquire()).toBe(true);
    expect(breaker.tryAcquire()).toBe(false);

    // When the trial succeeds, Then the circuit closes
    breaker.succeeded();
    expect(breaker.state()).toBe('closed');
    expect(breaker.tryAcquire()).toBe(true);
  });

  it('reopens when the trial fails', () => {
    // Given an open breaker past its pause
    let now = 0;
    const breaker = new CircuitBreaker({ failures: 1, openMs: 1000, now: () => now });
    breaker.failed();
    now = 1500;
    expect(breaker.tryAcquire()).toBe(true);

    // When the trial fails, Then it is open for another full pause
    breaker.failed();
    expect(breaker.state()).toBe('open');
    now = 2400;
    expect(breaker.tryAcquire()).toBe(false);
  });
});
