import type { HealthCheck } from './bus-signals.js';
import type { Failure } from './failure.js';
import type { Part } from './lifecycle.js';
import type { Result } from './result.js';

/** An off-site copy of stored clips (Dropbox today). Implemented in storage/. */
export interface OffsiteStorage extends Part {
  /** Backend name for records and logs, e.g. `dropbox`. */
  readonly backend: string;
  start(signal: AbortSignal): Promise<void>;
  stop(): Promise<void>;
  /**
   * Copies `localPath` to `remotePath` (a `/`-separated path under the backend's root folder).
   * Idempotent: when an identical file is already there it succeeds without uploading again.
   */
  put(localPath: string, remotePath: string, signal: AbortSignal): Promise<Result<{ readonly path: string }, Failure>>;
  /** Removes a copy; a copy that is already gone is success. */
  remove(remotePath: string, signal: AbortSignal): Promise<Result<void, Failure>>;
  health(): HealthCheck;
}
