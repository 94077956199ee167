import type { HealthCheck } from './events.js';
import type { Result } from './result.js';

export interface OffsiteFailure {
  readonly message: string;
  /** False for problems a retry cannot fix (bad credentials, a file too large for the backend). */
  readonly retryable: boolean;
}

/** An off-site copy of stored clips (Dropbox today). Implemented in storage/. */
export interface OffsiteStorage {
  /** Backend name for records and logs, e.g. `dropbox`. */
  readonly backend: string;
  start(signal: AbortSignal): Promise<void>;
  stop(): Promise<void>;
  /**
   * Copies `localPath` to `remotePath` (a `/`-separated path under the backend's root folder).
   * Idempotent: when an identical file is already there it succeeds without uploading again.
   */
  put(localPath: string, remotePath: string, signal: AbortSignal): Promise<Result<{ readonly path: string }, OffsiteFailure>>;
  /** Removes a copy; a copy that is already gone is success. */
  remove(remotePath: string, signal: AbortSignal): Promise<Result<void, OffsiteFailure>>;
  health(): HealthCheck;
}
