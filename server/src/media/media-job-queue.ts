/** `now`: someone is waiting (a player, a hovered card); `later`: made ahead of time, behind anything asked for. */
export type JobPriority = 'now' | 'later';

interface QueuedJob {
  readonly key: string;
  priority: JobPriority;
  readonly run: (signal: AbortSignal) => Promise<unknown>;
  readonly resolve: (value: unknown) => void;
  readonly reject: (error: unknown) => void;
}

export class MediaJobsStoppedError extends Error {}

/**
 * One ffmpeg at a time for the media HomeSec makes on the side (previews, playable renditions): the
 * CPU stays with recording and detection. Jobs with the same key share one run; a waited-for job
 * overtakes the ones made ahead of time. stop() aborts the running job and refuses the rest.
 */
export class MediaJobQueue {
  private readonly waiting: QueuedJob[] = [];
  private readonly pending = new Map<string, Promise<unknown>>();
  private controller: AbortController | null = null;
  private busy = false;
  private stopped = false;

  run<T>(key: string, priority: JobPriority, job: (signal: AbortSignal) => Promise<T>): Promise<T> {
    if (this.stopped) return Promise.reject(new MediaJobsStoppedError('media jobs are stopped'));
    const known = this.pending.get(key);
    if (known) {
      if (priority === 'now') this.promote(key);
      return known as Promise<T>;
    }
    const promise = new Promise<T>((resolve, reject) => {
      const queued: QueuedJob = { key, priority, run: job, resolve: (v) => resolve(v as T), reject };
      if (priority === 'now') this.waiting.splice(this.firstLater(), 0, queued);
      else this.waiting.push(queued);
    }).finally(() => this.pending.delete(key));
    this.pending.set(key, promise);
    this.next();
    return promise;
  }

  /** Jobs waiting or running (for tests and health). */
  size(): number {
    return this.waiting.length + (this.busy ? 1 : 0);
  }

  stop(): void {
    this.stopped = true;
    this.controller?.abort();
    for (const job of this.waiting.splice(0)) job.reject(new MediaJobsStoppedError('media jobs are stopped'));
  }

  private next(): void {
    if (this.busy || this.stopped) return;
    const job = this.waiting.shift();
    if (!job) return;
    this.busy = true;
    const controller = new AbortController();
    this.controller = controller;
    job
      .run(controller.signal)
      .then(job.resolve, job.reject)
      .finally(() => {
        this.busy = false;
        this.controller = null;
        this.next();
      });
  }

  private promote(key: string): void {
    const index = this.waiting.findIndex((j) => j.key === key);
    const job = this.waiting[index];
    if (!job || job.priority === 'now') return;
    this.waiting.splice(index, 1);
    job.priority = 'now';
    this.waiting.splice(this.firstLater(), 0, job);
  }

  private firstLater(): number {
    const index = this.waiting.findIndex((j) => j.priority === 'later');
    return index === -1 ? this.waiting.length : index;
  }
}
