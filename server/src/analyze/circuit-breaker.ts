export type CircuitState = 'closed' | 'open' | 'half_open';

export interface CircuitBreakerOptions {
  /** Failures in a row that open the circuit. */
  readonly failures: number;
  /** How long it stays open before one trial is let through. */
  readonly openMs: number;
  readonly now?: () => number;
}

/**
 * Stops calling a service that keeps failing: after `failures` in a row the circuit opens; after
 * `openMs` one trial call is allowed (half open); its success closes the circuit, its failure reopens it.
 */
export class CircuitBreaker {
  private consecutiveFailures = 0;
  private openedAt: number | null = null;
  private trialInFlight = false;

  constructor(private readonly options: CircuitBreakerOptions) {}

  state(): CircuitState {
    if (this.openedAt === null) return 'closed';
    return this.now() - this.openedAt >= this.options.openMs ? 'half_open' : 'open';
  }

  /** Whether a call may go out now; in half-open state only one trial at a time. */
  tryAcquire(): boolean {
    const state = this.state();
    if (state === 'closed') return true;
    if (state === 'open' || this.trialInFlight) return false;
    this.trialInFlight = true;
    return true;
  }

  succeeded(): void {
    this.consecutiveFailures = 0;
    this.openedAt = null;
    this.trialInFlight = false;
  }

  failed(): void {
    this.consecutiveFailures += 1;
    if (this.trialInFlight || this.consecutiveFailures >= this.options.failures) this.openedAt = this.now();
    this.trialInFlight = false;
  }

  /** Releases a half-open trial that ended neither way (aborted by shutdown). */
  released(): void {
    this.trialInFlight = false;
  }

  private now(): number {
    return (this.options.now ?? Date.now)();
  }
}
