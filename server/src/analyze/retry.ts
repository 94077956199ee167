/** How a failed VLM request should be treated. */
export type VlmErrorKind =
  'rate_limited' | 'server_error' | 'timeout' | 'unreachable' | 'schema_unsupported' | 'auth_failed' | 'rejected' | 'aborted';

const RETRYABLE: ReadonlySet<VlmErrorKind> = new Set(['rate_limited', 'server_error', 'timeout', 'unreachable']);

export function isRetryable(kind: VlmErrorKind): boolean {
  return RETRYABLE.has(kind);
}

export interface BackoffOptions {
  readonly baseMs: number;
  readonly maxMs: number;
}

/**
 * Exponential backoff with full jitter for retry `n` (0 = first retry); a server's Retry-After wins
 * when it is longer, but never past `maxMs`: a clip never waits unboundedly.
 */
export function backoffMs(
  n: number,
  options: BackoffOptions,
  retryAfterMs: number | null = null,
  random: () => number = Math.random,
): number {
  const exp = Math.min(options.maxMs, options.baseMs * 2 ** n);
  const jittered = exp / 2 + (random() * exp) / 2;
  return Math.min(options.maxMs, Math.max(jittered, retryAfterMs ?? 0));
}

/** Retry-After as seconds or an HTTP date, in ms; null when absent or unreadable. */
export function parseRetryAfter(value: string | null | undefined, now: number = Date.now()): number | null {
  if (!value) return null;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const date = Date.parse(value);
  return Number.isNaN(date) ? null : Math.max(0, date - now);
}

/** Waits `ms`, or rejects at once when `signal` aborts. */
export function delay(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) {
      reject(signal.reason instanceof Error ? signal.reason : new Error('aborted'));
      return;
    }
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal.reason instanceof Error ? signal.reason : new Error('aborted'));
    };
    signal.addEventListener('abort', onAbort, { once: true });
  });
}
