/** A job of a serial queue that failed: what it was and why. */
export interface SerialQueueFailure {
  /** The name the job was queued with ("recording journal write"). */
  readonly what: string;
  readonly error: unknown;
  /** Failed jobs of this queue so far, this one included. */
  readonly failures: number;
}

/**
 * Runs jobs one at a time in the order they were queued, and keeps going after one fails. A plain
 * `this.tail = this.tail.then(job)` chain rejects for good after one failed write, so every later
 * write of that camera was silently skipped until restart; here the failure goes to `onFailure` (the
 * owner logs it) and is counted for health, and the next job still runs.
 */
export class SerialQueue {
  private tail: Promise<void> = Promise.resolve();
  private failed = 0;
  private last: SerialQueueFailure | null = null;
  private lastFailed = false;
  private waiting = 0;

  constructor(private readonly onFailure: (failure: SerialQueueFailure) => void) {}

  /** Queues `job` after every job queued so far; `idle()` tells when it ran. */
  push(what: string, job: () => Promise<void> | void): void {
    this.waiting++;
    this.tail = this.tail
      .then(job)
      .then(
        () => {
          this.lastFailed = false;
        },
        (error: unknown) => this.fail(what, error),
      )
      .finally(() => {
        this.waiting--;
      });
  }

  /** Resolves once the queue is empty, jobs queued meanwhile (by a job, say) included; never rejects. */
  async idle(): Promise<void> {
    while (this.waiting > 0) await this.tail;
  }

  /** Jobs queued and not finished, the running one included. */
  get pending(): number {
    return this.waiting;
  }

  /** Failed jobs since the queue was made. */
  get failures(): number {
    return this.failed;
  }

  /** The latest failure, or null when none failed yet. */
  get lastFailure(): SerialQueueFailure | null {
    return this.last;
  }

  /** True while the latest finished job is one that failed (a later success clears it). */
  get failing(): boolean {
    return this.lastFailed;
  }

  private fail(what: string, error: unknown): void {
    this.failed++;
    this.lastFailed = true;
    this.last = { what, error, failures: this.failed };
    try {
      this.onFailure(this.last);
    } catch {
      // A throwing reporter must not poison the queue it reports on.
    }
  }
}

/** One line for health: how many jobs failed and the latest reason. */
export function describeQueueFailure(name: string, queue: SerialQueue): string | null {
  const last = queue.lastFailure;
  if (!last) return null;
  const reason = last.error instanceof Error ? last.error.message : String(last.error);
  return `${name}: ${queue.failures} failed (latest: ${last.what}: ${reason})`;
}
