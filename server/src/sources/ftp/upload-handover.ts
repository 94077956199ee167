import { unlink } from 'node:fs/promises';
import type { Clip } from '../../core/clip.js';
import type { ClipIntake, IncomingClip } from '../../core/clip-intake.js';
import { InputError } from '../../core/errors.js';
import type { Result } from '../../core/result.js';
import type { Logger } from '../../core/logger.js';
import { backoffDelay } from '../../runtime/backoff.js';
import { SerialQueue, type SerialQueueFailure } from '../../runtime/serial-queue.js';

/** A finished upload waiting to be taken by intake. */
export interface StagedUpload {
  readonly camera: string;
  readonly path: string;
  /** The camera's own name for it (path inside its folder), kept for the user. */
  readonly originalName: string;
  /** When the camera began the upload: the recording was finished by then. */
  readonly finishedAt: Date;
}

export interface HandoverOutcome {
  readonly upload: StagedUpload;
  readonly result: Result<Clip, Error>;
  /** True when the file stays and is offered again later. */
  readonly willRetry: boolean;
}

const FIRST_RETRY_MS = 30_000;
const MAX_RETRY_MS = 30 * 60_000;

/**
 * Hands finished uploads to intake one at a time. A file intake could not take (disk full, store
 * down) stays in the staging folder and is offered again with growing pauses; a file intake judged
 * bad (InputError: it is recorded as a failed clip, or cannot belong to any camera) is never retried.
 */
export class UploadHandover {
  /** One hand-over at a time; one that throws is logged, counted and retried, and the next still runs. */
  readonly queue = new SerialQueue((f) => this.onQueueFailure(f));
  private readonly held = new Set<string>();
  private readonly failures = new Map<string, number>();
  private readonly retryTimers = new Set<NodeJS.Timeout>();
  private stopped = false;

  constructor(
    private readonly intake: ClipIntake,
    private readonly log: Logger,
    private readonly onOutcome: (outcome: HandoverOutcome) => void,
    private readonly firstRetryMs = FIRST_RETRY_MS,
  ) {}

  /** Files queued or waiting for a retry; the camera may not overwrite or delete them. */
  isHeld(path: string): boolean {
    return this.held.has(path);
  }

  offer(upload: StagedUpload): void {
    if (this.stopped || this.held.has(upload.path)) return;
    this.held.add(upload.path);
    this.queue.push(`hand-over of ${upload.originalName}`, async () => {
      try {
        await this.handOver(upload);
      } catch (e) {
        // Thrown, not refused: the file stays, like a file intake could not take now.
        if (!this.stopped) this.scheduleRetry(upload);
        throw e;
      }
    });
  }

  /** Stops retries and waits for the hand-over in progress; waiting files stay for the next start. */
  async stop(): Promise<void> {
    this.stopped = true;
    for (const timer of this.retryTimers) clearTimeout(timer);
    this.retryTimers.clear();
    await this.queue.idle();
  }

  private onQueueFailure(failure: SerialQueueFailure): void {
    this.log.error(
      { event_type: 'ftp.handover_crashed', what: failure.what, failures: failure.failures, err: failure.error },
      `${failure.what} failed; trying again later, the next uploads go on`,
    );
  }

  private async handOver(upload: StagedUpload): Promise<void> {
    if (this.stopped) return;
    const clip: IncomingClip = {
      camera: upload.camera,
      path: upload.path,
      source: 'ftp',
      originalName: upload.originalName,
      // Intake subtracts the probed duration when start and end are equal.
      startedAt: upload.finishedAt,
      endedAt: upload.finishedAt,
      consume: true,
    };
    const result = await this.intake.accept(clip);
    const fields = { event_type: 'ftp.clip_handed_over', camera: upload.camera, file: upload.originalName };
    if (result.ok) {
      this.release(upload.path);
      this.log.info({ ...fields, clip_id: result.value.id }, `upload ${upload.originalName} taken as clip ${result.value.id}`);
      this.onOutcome({ upload, result, willRetry: false });
      return;
    }
    if (result.error instanceof InputError) {
      this.release(upload.path);
      await unlink(upload.path).catch(() => undefined);
      this.log.warn(
        { ...fields, event_type: 'ftp.clip_rejected', reason: result.error.message },
        `upload ${upload.originalName} is not a usable clip: ${result.error.message}`,
      );
      this.onOutcome({ upload, result, willRetry: false });
      return;
    }
    const delay = this.scheduleRetry(upload);
    this.log.warn(
      { ...fields, event_type: 'ftp.handover_failed', err: result.error, retry_in_s: Math.round(delay / 1000) },
      `could not take upload ${upload.originalName}; trying again later`,
    );
    this.onOutcome({ upload, result, willRetry: true });
  }

  private scheduleRetry(upload: StagedUpload): number {
    const failures = (this.failures.get(upload.path) ?? 0) + 1;
    this.failures.set(upload.path, failures);
    const delay = backoffDelay(failures, { initialMs: this.firstRetryMs, maxMs: MAX_RETRY_MS });
    const timer = setTimeout(() => {
      this.retryTimers.delete(timer);
      this.held.delete(upload.path);
      this.offer(upload);
    }, delay);
    timer.unref();
    this.retryTimers.add(timer);
    return delay;
  }

  private release(path: string): void {
    this.held.delete(path);
    this.failures.delete(path);
  }
}
