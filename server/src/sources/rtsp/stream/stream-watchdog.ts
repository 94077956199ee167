/**
 * Fires once when nothing was fed for the timeout: a stream that stopped delivering frames or
 * segments without its process exiting (a camera that went silent, a half-open TCP connection).
 */
export class StreamWatchdog {
  private timer: NodeJS.Timeout | null = null;
  private fired = false;

  constructor(private readonly onStall: (silentMs: number) => void) {}

  /** (Re)arms the watchdog with a timeout; does nothing once it has fired. */
  feed(timeoutMs: number): void {
    if (this.fired) return;
    if (this.timer) clearTimeout(this.timer);
    const armedAt = Date.now();
    this.timer = setTimeout(() => {
      this.fired = true;
      this.timer = null;
      this.onStall(Date.now() - armedAt);
    }, timeoutMs);
  }

  disarm(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }
}
