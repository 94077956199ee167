import { err, ok, type Result } from '../core/result.js';
import type { Logger } from '../core/logger.js';
import { ApiErrorSchema, correctOffsetOf } from './dropbox-api-schemas.js';
import { abortableDelay as pause } from '../runtime/abortable-delay.js';
import { dropboxFailure, type DropboxFailure } from './dropbox-failure.js';
import { safeJson, type DropboxTokens } from './dropbox-tokens.js';
import { backoffDelay } from '../runtime/backoff.js';

export interface DropboxEndpoints {
  /** RPC and OAuth host, https://api.dropboxapi.com by default. */
  readonly api: string;
  /** Upload host, https://content.dropboxapi.com by default. */
  readonly content: string;
}

export const DROPBOX_ENDPOINTS: DropboxEndpoints = { api: 'https://api.dropboxapi.com', content: 'https://content.dropboxapi.com' };

export interface RetryPolicy {
  /** Tries per call for 429, 5xx and network errors. */
  readonly attempts: number;
  readonly baseDelayMs: number;
  readonly maxDelayMs: number;
  /** A Retry-After longer than this is not waited out here: the call fails retryable, the pipeline retries later. */
  readonly maxRetryAfterMs: number;
}

export const DEFAULT_RETRY: RetryPolicy = { attempts: 4, baseDelayMs: 1000, maxDelayMs: 30_000, maxRetryAfterMs: 120_000 };

/** One Dropbox API call: RPC calls carry `arg` as the JSON body, content calls in the Dropbox-API-Arg header. */
export interface DropboxCall {
  readonly host: 'api' | 'content';
  readonly endpoint: string;
  readonly arg: unknown;
  readonly body?: Uint8Array;
  readonly timeoutMs: number;
}

type Attempt =
  | { readonly kind: 'done'; readonly result: Result<unknown, DropboxFailure> }
  | { readonly kind: 'retry'; /** null = no Retry-After: back off. */ readonly waitMs: number | null; readonly failure: DropboxFailure }
  | { readonly kind: 'unauthorized'; readonly failure: DropboxFailure };

/**
 * Sends Dropbox API calls: bearer auth, 401 refreshes the token once, 429 and 5xx are retried with
 * backoff honouring Retry-After (bounded), every other 4xx fails at once as not retryable.
 */
export class DropboxClient {
  constructor(
    private readonly endpoints: DropboxEndpoints,
    private readonly tokens: DropboxTokens,
    private readonly retry: RetryPolicy,
    private readonly log: Logger,
  ) {}

  async call(call: DropboxCall, signal: AbortSignal): Promise<Result<unknown, DropboxFailure>> {
    let refreshed = false;
    let failure = dropboxFailure('no attempt made', true);
    for (let attempt = 1; attempt <= this.retry.attempts; attempt++) {
      if (signal.aborted) return err(dropboxFailure('Dropbox call aborted', true));
      const token = await this.tokens.get(signal);
      if (!token.ok) return token;
      const outcome = await this.attempt(call, token.value, signal);
      if (outcome.kind === 'done') return outcome.result;
      failure = outcome.failure;
      if (outcome.kind === 'unauthorized') {
        if (refreshed || !this.tokens.canRefresh) return err(outcome.failure);
        this.tokens.invalidate();
        refreshed = true;
        attempt--;
        continue;
      }
      const waitMs = outcome.waitMs ?? this.backoffMs(attempt);
      if (waitMs > this.retry.maxRetryAfterMs || attempt === this.retry.attempts) break;
      this.log.debug(
        { event_type: 'dropbox.retry', endpoint: call.endpoint, attempt, wait_ms: waitMs, reason: failure.reason },
        'Dropbox call retried',
      );
      await pause(waitMs, signal);
    }
    return err(failure);
  }

  private async attempt(call: DropboxCall, token: string, signal: AbortSignal): Promise<Attempt> {
    const url = `${call.host === 'api' ? this.endpoints.api : this.endpoints.content}${call.endpoint}`;
    this.log.debug({ event_type: 'dropbox.request', url, bytes: call.body?.length ?? 0 }, `POST ${call.endpoint}`);
    let response: Response;
    let text: string;
    try {
      response = await fetch(url, {
        method: 'POST',
        headers: this.headers(call, token),
        body: call.host === 'api' ? JSON.stringify(call.arg) : (call.body ?? new Uint8Array()),
        signal: AbortSignal.any([signal, AbortSignal.timeout(call.timeoutMs)]),
      });
      text = await response.text();
    } catch (e) {
      const message = signal.aborted ? 'Dropbox call aborted' : `Dropbox unreachable: ${(e as Error).message}`;
      return signal.aborted
        ? { kind: 'done', result: err(dropboxFailure(message, true)) }
        : { kind: 'retry', waitMs: null, failure: dropboxFailure(message, true) };
    }
    return this.classify(response, text);
  }

  private classify(response: Response, text: string): Attempt {
    const status = response.status;
    if (response.ok) return { kind: 'done', result: ok(text === '' ? null : safeJson(text)) };
    const body = ApiErrorSchema.safeParse(safeJson(text));
    const summary = body.success ? body.data.error_summary : null;
    const detail = summary || text.slice(0, 200) || `HTTP ${status}`;
    if (status === 401)
      return { kind: 'unauthorized', failure: dropboxFailure(`Dropbox refused the access token: ${detail}`, false, { status, summary }) };
    if (status === 429 || status >= 500) {
      return {
        kind: 'retry',
        waitMs: retryAfterMs(response.headers.get('retry-after')),
        failure: dropboxFailure(`Dropbox busy or failing (HTTP ${status}): ${detail}`, true, { status, summary }),
      };
    }
    const correctOffset = body.success ? correctOffsetOf(body.data.error) : null;
    return {
      kind: 'done',
      result: err(dropboxFailure(`Dropbox refused the request (HTTP ${status}): ${detail}`, false, { status, summary, correctOffset })),
    };
  }

  private headers(call: DropboxCall, token: string): Record<string, string> {
    const headers: Record<string, string> = { authorization: `Bearer ${token}` };
    if (call.host === 'api') headers['content-type'] = 'application/json';
    else {
      headers['content-type'] = 'application/octet-stream';
      headers['dropbox-api-arg'] = headerSafeJson(call.arg);
    }
    return headers;
  }

  /** Exponential with jitter, so parallel uploads do not retry in lockstep. */
  private backoffMs(attempt: number): number {
    return backoffDelay(attempt, { initialMs: this.retry.baseDelayMs, maxMs: this.retry.maxDelayMs, jitter: 0.5 });
  }
}

/** Retry-After in seconds (Dropbox sends whole seconds); null when absent or unreadable. */
function retryAfterMs(header: string | null): number | null {
  if (header === null || header.trim() === '') return null;
  const seconds = Number(header);
  return Number.isFinite(seconds) && seconds >= 0 ? seconds * 1000 : null;
}

/** HTTP headers must be ASCII: Dropbox expects non-ASCII characters of the JSON escaped as \uXXXX. */
function headerSafeJson(value: unknown): string {
  return JSON.stringify(value).replace(/[\u007f-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
