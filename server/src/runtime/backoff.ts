/** How waits between attempts grow. Every retry loop in HomeSec uses this one rule. */
export interface BackoffPolicy {
  /** The wait before the first retry. */
  readonly initialMs: number;
  /** No wait is ever longer than this. */
  readonly maxMs: number;
  /** Growth per failed attempt (default 2). */
  readonly factor?: number;
  /**
   * Share of each wait that is randomised downwards (0-1, default 0): a wait lies in
   * [step * (1 - jitter), step], so many clients that failed together do not retry in lockstep.
   */
  readonly jitter?: number;
}

/** The wait before retry number `attempt` (1 = the first retry). */
export function backoffDelay(attempt: number, policy: BackoffPolicy, random: () => number = Math.random): number {
  const { initialMs, maxMs, factor = 2, jitter = 0 } = policy;
  const step = Math.min(maxMs, initialMs * factor ** Math.max(0, attempt - 1));
  return Math.max(0, step * (1 - jitter * random()));
}

/** Counts failures for one retry loop (a stream reconnect, a flush): `next()` after a failure, `reset()` after a success. */
export class Backoff {
  private failures = 0;

  constructor(
    private readonly policy: BackoffPolicy,
    private readonly random: () => number = Math.random,
  ) {}

  get attempts(): number {
    return this.failures;
  }

  /** The wait before the next attempt; counts one more failure. */
  next(): number {
    this.failures++;
    return backoffDelay(this.failures, this.policy, this.random);
  }

  reset(): void {
    this.failures = 0;
  }
}
