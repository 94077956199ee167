import type { Result } from '../../../core/result.js';
import type { ProcessExit, StreamProcess } from './ffmpeg-process.js';
import type { StreamInput } from './stream-url.js';

/**
 * One run of a stream whose URL is asked for first: it asks, then starts the real process on the
 * answer. To the supervisor it is one process: a URL that cannot be had ends the run without a
 * delivery (retried with backoff), and a stop while asking ends the asking.
 */
export class UrlResolvingProcess implements StreamProcess {
  readonly exited: Promise<ProcessExit>;
  private readonly asking = new AbortController();
  private inner: StreamProcess | null = null;

  constructor(resolve: (signal: AbortSignal) => Promise<Result<StreamInput, string>>, startOn: (input: StreamInput) => StreamProcess) {
    this.exited = this.run(resolve, startOn);
  }

  async stop(graceMs: number): Promise<ProcessExit> {
    this.asking.abort();
    await this.inner?.stop(graceMs);
    return this.exited;
  }

  private async run(
    resolve: (signal: AbortSignal) => Promise<Result<StreamInput, string>>,
    startOn: (input: StreamInput) => StreamProcess,
  ): Promise<ProcessExit> {
    let resolved: Result<StreamInput, string>;
    try {
      resolved = await resolve(this.asking.signal);
    } catch (e) {
      resolved = { ok: false, error: (e as Error).message };
    }
    // No await between this check and starting: a stop requested meanwhile is seen here.
    if (this.asking.signal.aborted) return { code: null, signal: 'SIGTERM', stderrTail: '', spawnError: null };
    if (!resolved.ok) return { code: null, signal: null, stderrTail: '', spawnError: resolved.error };
    this.inner = startOn(resolved.value);
    return this.inner.exited;
  }
}
