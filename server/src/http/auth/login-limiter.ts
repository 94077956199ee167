/** How many failed logins one address may make within a sliding window before it must wait. */
export interface LoginLimit {
  readonly maxFailures: number;
  readonly windowMs: number;
}

/** The dashboard's and the FTP server's rule: five failed logins within 15 minutes. */
export const DEFAULT_LOGIN_LIMIT: LoginLimit = { maxFailures: 5, windowMs: 15 * 60_000 };
/** Addresses remembered at once; past this the oldest are forgotten (memory stays bounded). */
const MAX_ADDRESSES = 10_000;

/**
 * Slows password guessing: each address gets `maxFailures` failed logins per sliding window, then
 * is refused until its oldest failure in the window has aged out. A successful login clears its count.
 */
export class LoginLimiter {
  private readonly failures = new Map<string, number[]>();

  constructor(
    private readonly now: () => number = Date.now,
    private readonly limit: LoginLimit = DEFAULT_LOGIN_LIMIT,
  ) {}

  /** Milliseconds this address must wait before trying again, or 0. */
  waitMs(address: string): number {
    const recent = this.recent(address);
    const { maxFailures, windowMs } = this.limit;
    if (recent.length < maxFailures) return 0;
    const oldest = recent[recent.length - maxFailures] ?? this.now();
    return Math.max(0, oldest + windowMs - this.now());
  }

  failed(address: string): void {
    const recent = [...this.recent(address), this.now()];
    this.failures.delete(address);
    this.failures.set(address, recent.slice(-this.limit.maxFailures));
    if (this.failures.size > MAX_ADDRESSES) {
      const oldest = this.failures.keys().next();
      if (!oldest.done) this.failures.delete(oldest.value);
    }
  }

  succeeded(address: string): void {
    this.failures.delete(address);
  }

  private recent(address: string): number[] {
    const cutoff = this.now() - this.limit.windowMs;
    return (this.failures.get(address) ?? []).filter((at) => at > cutoff);
  }
}
