import type { Failure } from '../core/failure.js';

/** A failed Dropbox call, with what the caller needs to decide what to do next. */
export interface DropboxFailure extends Failure {
  /** HTTP status, or null when no answer arrived (network, timeout). */
  readonly status: number | null;
  /** Dropbox's error_summary of a 409, e.g. `path/not_found/..`. */
  readonly summary: string | null;
  /** For upload sessions: the offset Dropbox has, when ours was wrong. */
  readonly correctOffset: number | null;
}

export function dropboxFailure(
  reason: string,
  retryable: boolean,
  extra: Partial<Pick<DropboxFailure, 'status' | 'summary' | 'correctOffset'>> = {},
): DropboxFailure {
  return { reason, retryable, status: extra.status ?? null, summary: extra.summary ?? null, correctOffset: extra.correctOffset ?? null };
}
