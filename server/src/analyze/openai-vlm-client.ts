import OpenAI, { APIConnectionError, APIConnectionTimeoutError, APIError, APIUserAbortError } from 'openai';
import { z } from 'zod';
import { HomesecError } from '../core/errors.js';
import { err, ok, type Result } from '../core/result.js';
import type { Logger } from '../core/logger.js';
import { redactUrlCredentials } from '../logging/redact.js';
import type { ChatMessage } from './prompt-builder.js';
import { parseRetryAfter, type VlmErrorKind } from './retry.js';
import { VLM_SCHEMA_NAME, vlmJsonSchema } from './vlm-output-schema.js';

export class VlmRequestError extends HomesecError {
  constructor(
    message: string,
    readonly kind: VlmErrorKind,
    readonly retryAfterMs: number | null,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

export interface VlmCompletion {
  readonly content: string;
  readonly promptTokens: number;
  readonly completionTokens: number;
  /** What the provider says the call cost in USD (OpenRouter's `usage.cost`); null when it does not say. */
  readonly reportedCostUsd: number | null;
}

/** The cost some providers add to `usage` (OpenRouter: `cost`, in USD credits); anything else is ignored. */
const ReportedCostSchema = z.object({ cost: z.number().finite().min(0) });

export interface VlmRequest {
  readonly model: string;
  readonly messages: readonly ChatMessage[];
  /** `json_schema`: strict structured output; `json_object`: JSON mode (validated by HomeSec). */
  readonly format: 'json_schema' | 'json_object';
  readonly maxTokens: number;
}

export interface OpenAiVlmClientOptions {
  readonly baseUrl: string;
  readonly apiKey: string;
  readonly timeoutMs: number;
  readonly log: Logger;
}

/**
 * The one wrapper of the openai SDK: one Chat Completions call against any OpenAI-compatible base URL,
 * answered with HomeSec types. The SDK's own retries are off; the analyzer decides about retries.
 */
export class OpenAiVlmClient {
  private readonly client: OpenAI;

  constructor(private readonly options: OpenAiVlmClientOptions) {
    // Local servers (Ollama) need no key, but the SDK refuses an empty one.
    this.client = new OpenAI({ apiKey: options.apiKey || 'none', baseURL: options.baseUrl, timeout: options.timeoutMs, maxRetries: 0 });
  }

  async complete(request: VlmRequest, signal: AbortSignal): Promise<Result<VlmCompletion, VlmRequestError>> {
    const responseFormat =
      request.format === 'json_schema'
        ? ({ type: 'json_schema', json_schema: { name: VLM_SCHEMA_NAME, strict: true, schema: vlmJsonSchema() } } as const)
        : ({ type: 'json_object' } as const);
    this.options.log.debug(
      { event_type: 'vlm.request', url: redactUrlCredentials(this.options.baseUrl), model: request.model, format: request.format },
      'VLM request',
    );
    // The SDK leaves a listener on the signal it is given; a per-request child keeps the caller's
    // long-lived signal (the pipeline's) from collecting one listener per VLM call.
    const child = new AbortController();
    const forward = () => child.abort(signal.reason);
    if (signal.aborted) child.abort(signal.reason);
    else signal.addEventListener('abort', forward, { once: true });
    try {
      const completion = await this.client.chat.completions.create(
        {
          model: request.model,
          messages: [...request.messages] as OpenAI.ChatCompletionMessageParam[],
          response_format: responseFormat,
          max_completion_tokens: request.maxTokens,
        },
        { signal: child.signal, timeout: this.options.timeoutMs, maxRetries: 0 },
      );
      const content = completion.choices[0]?.message.content ?? '';
      return ok({
        content,
        promptTokens: completion.usage?.prompt_tokens ?? 0,
        completionTokens: completion.usage?.completion_tokens ?? 0,
        reportedCostUsd: reportedCost(completion.usage),
      });
    } catch (e) {
      return err(classify(e));
    } finally {
      signal.removeEventListener('abort', forward);
    }
  }
}

function reportedCost(usage: unknown): number | null {
  const parsed = ReportedCostSchema.safeParse(usage);
  return parsed.success ? parsed.data.cost : null;
}

/** Turns SDK errors into kinds the analyzer can act on; the response body is only logged at debug by callers. */
function classify(e: unknown): VlmRequestError {
  if (e instanceof APIUserAbortError) return new VlmRequestError('VLM request aborted', 'aborted', null, { cause: e });
  if (e instanceof APIConnectionTimeoutError) return new VlmRequestError('VLM request timed out', 'timeout', null, { cause: e });
  if (e instanceof APIConnectionError) return new VlmRequestError(`VLM unreachable: ${e.message}`, 'unreachable', null, { cause: e });
  if (e instanceof APIError && e.status !== undefined) {
    const status = e.status;
    const retryAfter = parseRetryAfter(e.headers?.get('retry-after'));
    if (status === 429) return new VlmRequestError('VLM rate limit (HTTP 429)', 'rate_limited', retryAfter, { cause: e });
    if (status >= 500) return new VlmRequestError(`VLM server error (HTTP ${status})`, 'server_error', retryAfter, { cause: e });
    if (status === 401 || status === 403)
      return new VlmRequestError(`VLM refused the API key (HTTP ${status})`, 'auth_failed', null, { cause: e });
    if (status === 400 && /response_format|json_schema|structured/i.test(e.message)) {
      return new VlmRequestError('the VLM provider does not support JSON schema output', 'schema_unsupported', null, { cause: e });
    }
    return new VlmRequestError(`VLM rejected the request (HTTP ${status})`, 'rejected', null, { cause: e });
  }
  return new VlmRequestError(`VLM request failed: ${(e as Error).message}`, 'unreachable', null, { cause: e });
}
