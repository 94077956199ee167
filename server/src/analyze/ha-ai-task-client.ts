import { z } from 'zod';
import { err, ok, type Result } from '../core/result.js';
import type { Logger } from '../core/logger.js';
import type { SupervisorClient, SupervisorError } from '../ha/supervisor-client.js';
import type { AiTaskAttachment } from './ai-task-attachments.js';
import type { AiTaskStructure } from './ai-task-structure.js';
import { VlmRequestError } from './openai-vlm-client.js';

/** What `ai_task.generate_data` answers (homeassistant/components/ai_task/task.py GenDataTaskResult.as_dict). */
const GenDataResultSchema = z.object({ conversation_id: z.string().nullable().optional(), data: z.unknown() });

export interface AiTaskRequest {
  readonly taskName: string;
  /** Null: Home Assistant's preferred AI Task entity (Settings > AI Task). */
  readonly entityId: string | null;
  readonly instructions: string;
  readonly structure: AiTaskStructure;
  readonly attachments: readonly AiTaskAttachment[];
}

export interface AiTaskAnswer {
  /** The generated data: an object shaped by `structure` (HA's integrations parse the model's JSON). */
  readonly data: unknown;
  readonly conversationId: string | null;
}

export interface HaAiTaskClientOptions {
  /** Core's REST API: through the Supervisor in the add-on, or Home Assistant itself with a long-lived token. */
  readonly core: Pick<SupervisorClient, 'callServiceForResponse'>;
  readonly timeoutMs: number;
  readonly log: Logger;
}

/**
 * One `ai_task.generate_data` call with `return_response`, answered with HomeSec types and the same
 * error kinds as a VLM call (the analyzer retries and trips its breaker on them alike).
 */
export class HaAiTaskClient {
  constructor(private readonly options: HaAiTaskClientOptions) {}

  async generateData(request: AiTaskRequest, signal: AbortSignal): Promise<Result<AiTaskAnswer, VlmRequestError>> {
    const timeout = AbortSignal.timeout(this.options.timeoutMs);
    const data = {
      task_name: request.taskName,
      ...(request.entityId ? { entity_id: request.entityId } : {}),
      instructions: request.instructions,
      structure: request.structure,
      attachments: request.attachments,
    };
    this.options.log.debug(
      { event_type: 'vlm.request', provider: 'home_assistant', entity_id: request.entityId, attachments: request.attachments.length },
      'AI Task request',
    );
    const reply = await this.options.core.callServiceForResponse('ai_task', 'generate_data', data, AbortSignal.any([signal, timeout]));
    if (!reply.ok) return err(classify(reply.error, signal, timeout));
    const parsed = GenDataResultSchema.safeParse(reply.value);
    if (!parsed.success) return err(new VlmRequestError('AI Task answered without data', 'rejected', null, { cause: parsed.error }));
    return ok({ data: parsed.data.data, conversationId: parsed.data.conversation_id ?? null });
  }
}

/** HA answers an error raised by the task (no entity, the model's provider failed, bad attachment) with HTTP 500, a bad request with 400. */
function classify(error: SupervisorError, signal: AbortSignal, timeout: AbortSignal): VlmRequestError {
  const { status } = error;
  if (status === null) {
    if (signal.aborted) return new VlmRequestError('AI Task request aborted', 'aborted', null, { cause: error });
    if (timeout.aborted) return new VlmRequestError('AI Task request timed out', 'timeout', null, { cause: error });
    if (error.cause instanceof z.ZodError) return new VlmRequestError(`AI Task: ${error.message}`, 'rejected', null, { cause: error });
    return new VlmRequestError(`Home Assistant unreachable: ${error.message}`, 'unreachable', null, { cause: error });
  }
  if (status === 429) return new VlmRequestError('AI Task rate limit (HTTP 429)', 'rate_limited', null, { cause: error });
  if (status >= 500)
    return new VlmRequestError(`AI Task failed in Home Assistant: ${error.message}`, 'server_error', null, { cause: error });
  if (status === 401 || status === 403)
    return new VlmRequestError(`Home Assistant refused the token (HTTP ${status})`, 'auth_failed', null, { cause: error });
  return new VlmRequestError(`Home Assistant rejected the AI Task call: ${error.message}`, 'rejected', null, { cause: error });
}
