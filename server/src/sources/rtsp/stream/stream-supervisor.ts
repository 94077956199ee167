import type { Logger } from '../../../core/logger.js';
import { abortableDelay as sleep } from '../../../runtime/abortable-delay.js';
import { Backoff, type BackoffPolicy } from '../../../runtime/backoff.js';
import { summariseStderr, type ProcessExit, type StreamProcess } from './ffmpeg-process.js';
import { StreamWatchdog } from './stream-watchdog.js';
import { inBackground } from '../../../runtime/background.js';

export interface StreamSupervisorOptions {
  /** Silence after the first delivery that counts as a stall. */
  readonly stallTimeoutMs: number;
  /** Time allowed for connecting and delivering the first frame. */
  readonly connectTimeoutMs: number;
  readonly stopGraceMs: number;
  readonly backoff: BackoffPolicy;
}

export type DownReason = 'stalled' | 'exited' | 'replaced';

export interface RunEnded {
  readonly reason: DownReason;
  readonly exit: ProcessExit;
  /** True when this run delivered anything before it ended. */
  readonly delivered: boolean;
  /** It delivered, but what it got could not be written (see `SupervisedStream.unusable`): counted as a failure. */
  readonly unusable: boolean;
  /** Runs in a row that ended without delivering anything (this one included). */
  readonly failuresInRow: number;
  readonly retryInMs: number;
}

export interface SupervisedStream {
  /** Starts one process; the role calls `delivered()` for every frame or segment it gets. */
  start(delivered: () => void): StreamProcess;
  /** The first delivery of a run: the stream is up. */
  onUp(): void;
  onEnded(ended: RunEnded): void;
  /**
   * True for a run that reached the camera but could not write what it got (a full disk, timestamps the
   * muxer refuses): restarting at once cannot help, so such runs back off like runs that got nothing.
   */
  unusable?(exit: ProcessExit): boolean;
}

/**
 * Keeps one ffmpeg process per stream role alive: restarts it when it exits or stalls, with backoff
 * and jitter, forever (an offline camera is retried in the background). One process at a time.
 */
export class StreamSupervisor {
  private readonly stopping = new AbortController();
  private current: StreamProcess | null = null;
  private loop: Promise<void> | null = null;
  private replaceRequested = false;

  constructor(
    private readonly settings: StreamSupervisorOptions,
    private readonly stream: SupervisedStream,
    private readonly log: Logger,
  ) {}

  start(signal: AbortSignal): void {
    if (this.loop) return;
    if (signal.aborted) this.stopping.abort();
    signal.addEventListener('abort', () => this.stopping.abort(), { once: true });
    this.loop = this.run().catch((e: unknown) =>
      this.log.error({ event_type: 'rtsp.supervisor_failed', err: e }, 'stream supervisor failed'),
    );
  }

  /** Ends the current process so the loop starts a new one at once (e.g. another URL). */
  replace(): void {
    if (!this.current) return;
    this.replaceRequested = true;
    inBackground(this.current.stop(this.settings.stopGraceMs), this.log, 'stopping ffmpeg');
  }

  /** Stops the loop and the process (SIGTERM, then SIGKILL); resolves when it has exited. Idempotent. */
  async stop(): Promise<void> {
    this.stopping.abort();
    await this.current?.stop(this.settings.stopGraceMs);
    await this.loop;
  }

  private async run(): Promise<void> {
    const backoff = new Backoff(this.settings.backoff);
    let failuresInRow = 0;
    while (!this.stopping.signal.aborted) {
      const { exit, delivered, stalled } = await this.runOnce();
      if (this.stopping.signal.aborted) break;
      const replaced = this.replaceRequested;
      this.replaceRequested = false;
      const unusable = delivered && (this.stream.unusable?.(exit) ?? false);
      const worked = delivered && !unusable;
      if (worked) backoff.reset();
      failuresInRow = worked ? 0 : failuresInRow + 1;
      const retryInMs = replaced ? 0 : backoff.next();
      const reason: DownReason = replaced ? 'replaced' : stalled ? 'stalled' : 'exited';
      this.stream.onEnded({ reason, exit, delivered, unusable, failuresInRow, retryInMs });
      await sleep(retryInMs, this.stopping.signal);
    }
  }

  private async runOnce(): Promise<{ exit: ProcessExit; delivered: boolean; stalled: boolean }> {
    let delivered = false;
    let stalled = false;
    const watchdog = new StreamWatchdog(() => {
      stalled = true;
      if (this.current) inBackground(this.current.stop(this.settings.stopGraceMs), this.log, 'stopping ffmpeg');
    });
    const process = this.stream.start(() => {
      if (!delivered) {
        delivered = true;
        this.stream.onUp();
      }
      watchdog.feed(this.settings.stallTimeoutMs);
    });
    this.current = process;
    watchdog.feed(this.settings.connectTimeoutMs);
    // A stop requested while the process was being started must still reach it.
    if (this.stopping.signal.aborted) inBackground(process.stop(this.settings.stopGraceMs), this.log, 'stopping ffmpeg');
    const exit = await process.exited;
    watchdog.disarm();
    this.current = null;
    return { exit, delivered, stalled };
  }
}

/** A short, redacted reason for the status detail and logs. */
export function describeEnd(ended: RunEnded): string {
  if (ended.exit.spawnError) return ended.exit.spawnError;
  const detail = summariseStderr(ended.exit.stderrTail);
  switch (ended.reason) {
    case 'stalled':
      return ended.delivered ? 'stalled (no data)' : 'no data after connecting';
    case 'replaced':
      return 'switching stream';
    case 'exited':
      return detail || `ffmpeg exited (code ${ended.exit.code ?? ended.exit.signal ?? 'unknown'})`;
  }
}
