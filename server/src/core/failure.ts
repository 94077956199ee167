/**
 * Why an outside call or a pipeline stage did not work, in one shape for every port: `reason` in words
 * (recorded on the clip and shown to the user), `retryable` false when trying again cannot help (bad
 * input, bad credentials, a file too large for the backend).
 */
export interface Failure {
  readonly reason: string;
  readonly retryable: boolean;
  /** What went wrong underneath, for the log (never shown to the user). */
  readonly cause?: unknown;
}

export function failure(reason: string, retryable: boolean, cause?: unknown): Failure {
  return cause === undefined ? { reason, retryable } : { reason, retryable, cause };
}
