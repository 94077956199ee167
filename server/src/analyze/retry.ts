import { backoffDelay, type BackoffPolicy } from '../runtime/backoff.js';

/** How a failed VLM request should be treated. */
export type VlmErrorKind =
  'rate_limited' | 'server_error' | 'timeout' | 'unreachable' | 'schema_unsupported' | 'auth_failed' | 'rejected' | 'aborted';

const RETRYABLE: ReadonlySet<VlmErrorKind> = new Set(['rate_limited', 'server_error', 'timeout', 'unreachable']);

export function isRetryable(kind: VlmErrorKind): boolean {
  return RETRYABLE.has(kind);
}

/**
 * The wait before VLM retry `attempt` (1 = the first retry): the common backoff, but a server's
 * Retry-After wins when it is longer, never past `maxMs`: a clip never waits unboundedly.
 */
export function retryWaitMs(
  attempt: number,
  policy: BackoffPolicy,
  retryAfterMs: number | null = null,
  random: () => number = Math.random,
): number {
  return Math.min(policy.maxMs, Math.max(backoffDelay(attempt, policy, random), retryAfterMs ?? 0));
}

/** Retry-After as seconds or an HTTP date, in ms; null when absent or unreadable. */
export function parseRetryAfter(value: string | null | undefined, now: number = Date.now()): number | null {
  if (!value) return null;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const date = Date.parse(value);
  return Number.isNaN(date) ? null : Math.max(0, date - now);
}
