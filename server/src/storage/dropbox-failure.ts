import type { OffsiteFailure } from '../core/offsite-storage.js';

/** A failed Dropbox call, with what the caller needs to decide what to do next. */
export interface DropboxFailure extends OffsiteFailure {
  /** HTTP status, or null when no answer arrived (network, timeout). */
  readonly status: number | null;
  /** Dropbox's error_summary of a 409, e.g. `path/not_found/..`. */
  readonly summary: string | null;
  /** For upload sessions: the offset Dropbox has, when ours was wrong. */
  readonly correctOffset: number | null;
}

export function dropboxFailure(
  message: string,
  retryable: boolean,
  extra: Partial<Pick<DropboxFailure, 'status' | 'summary' | 'correctOffset'>> = {},
): DropboxFailure {
  return { message, retryable, status: extra.status ?? null, summary: extra.summary ?? null, correctOffset: extra.correctOffset ?? null };
}
