/** Failed logins from one address within the window before it must wait. */
const MAX_FAILURES = 5;
const WINDOW_MS = 15 * 60_000;
/** Addresses remembered at once; past this the oldest are forgotten (memory stays bounded). */
const MAX_ADDRESSES = 10_000;

/**
 * Slows password guessing: each address gets MAX_FAILURES failed logins per sliding WINDOW_MS, then
 * is refused until its oldest failure in the window has aged out. A successful login clears its count.
 */
export class LoginLimiter {
  private readonly failures = new Map<string, number[]>();

  constructor(private readonly now: () => number = Date.now) {}

  /** Milliseconds this address must wait before trying again, or 0. */
  waitMs(address: string): number {
    const recent = this.recent(address);
    if (recent.length < MAX_FAILURES) return 0;
    const oldest = recent[recent.length - MAX_FAILURES] ?? this.now();
    return Math.max(0, oldest + WINDOW_MS - this.now());
  }

  failed(address: string): void {
    const recent = [...this.recent(address), this.now()];
    this.failures.delete(address);
    this.failures.set(address, recent.slice(-MAX_FAILURES));
    if (this.failures.size > MAX_ADDRESSES) {
      const oldest = this.failures.keys().next();
      if (!oldest.done) this.failures.delete(oldest.value);
    }
  }

  succeeded(address: string): void {
    this.failures.delete(address);
  }

  private recent(address: string): number[] {
    const cutoff = this.now() - WINDOW_MS;
    return (this.failures.get(address) ?? []).filter((at) => at > cutoff);
  }
}
