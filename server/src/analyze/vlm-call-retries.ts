import type { AnalyzeOutcome } from '../core/clip-analyzer.js';
import type { Logger } from '../core/logger.js';
import { err, type Result } from '../core/result.js';
import { abortableDelay } from '../runtime/abortable-delay.js';
import type { CircuitBreaker } from './circuit-breaker.js';
import { VlmRequestError } from './openai-vlm-client.js';
import { isRetryable, retryWaitMs } from './retry.js';

export interface VlmRetryOptions {
  /** `analyzer.max_retries`: at most 1 + this many calls. */
  readonly maxRetries: number;
  readonly baseMs: number;
  readonly maxMs: number;
  /** Who is called, for the log line ("VLM", "AI Task"). */
  readonly label: string;
  readonly log: Logger;
  readonly signal: AbortSignal;
  /** A failure to try again at once without counting it (a provider switching output mode); false by default. */
  readonly againAtOnce?: (error: VlmRequestError) => boolean;
}

/** Calls a vision model with backoff on the retryable kinds (rate limits, 5xx, timeouts, unreachable); a Retry-After is honoured. */
export async function callWithRetries<T>(
  call: () => Promise<Result<T, VlmRequestError>>,
  options: VlmRetryOptions,
): Promise<Result<T, VlmRequestError>> {
  const { signal, log, label } = options;
  for (let retry = 0; ;) {
    const result = await call();
    if (result.ok) return result;
    if (options.againAtOnce?.(result.error)) continue;
    const { kind } = result.error;
    if (!isRetryable(kind) || retry >= options.maxRetries || signal.aborted) return result;
    const wait = retryWaitMs(retry + 1, { initialMs: options.baseMs, maxMs: options.maxMs, jitter: 0.5 }, result.error.retryAfterMs);
    log.info({ event_type: 'vlm.retry', kind, retry: retry + 1, wait_ms: Math.round(wait) }, `${label} ${kind}; retrying`);
    retry += 1;
    await abortableDelay(wait, signal);
    if (signal.aborted) return err(new VlmRequestError(`${label} request aborted`, 'aborted', null));
  }
}

/**
 * What a request that failed for good means for the clip: an abort gives the breaker's slot back and is
 * tried again later; anything else counts against the breaker and says how often it was tried.
 */
export function requestFailedOutcome(
  error: VlmRequestError,
  breaker: Pick<CircuitBreaker, 'released' | 'failed'>,
  maxRetries: number,
): AnalyzeOutcome {
  if (error.kind === 'aborted') {
    breaker.released();
    return { kind: 'failed', reason: 'aborted', retryable: true };
  }
  breaker.failed();
  const tries = isRetryable(error.kind) ? ` after ${maxRetries + 1} attempts` : '';
  return { kind: 'failed', reason: `vlm_${error.kind}: ${error.message}${tries}`, retryable: false };
}
