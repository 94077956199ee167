export interface BackoffSettings {
  readonly initialMs: number;
  readonly maxMs: number;
  /** Growth per failed attempt. */
  readonly factor: number;
  /** Share of each delay that is randomised (0-1), so many cameras do not reconnect in lockstep. */
  readonly jitter: number;
}

/**
 * Exponential backoff with jitter for reconnecting a stream. The first retry after a stream that had
 * been working is quick; each further failure waits longer, up to maxMs.
 */
export class Backoff {
  private failures = 0;

  constructor(
    private readonly settings: BackoffSettings,
    private readonly random: () => number = Math.random,
  ) {}

  get attempts(): number {
    return this.failures;
  }

  /** The wait before the next attempt; counts one more failure. */
  next(): number {
    const { initialMs, maxMs, factor, jitter } = this.settings;
    const base = Math.min(maxMs, initialMs * factor ** this.failures);
    this.failures++;
    const spread = base * jitter;
    return Math.max(0, Math.min(maxMs, base - spread + 2 * spread * this.random()));
  }

  /** The stream worked: start again from the initial delay. */
  reset(): void {
    this.failures = 0;
  }
}
