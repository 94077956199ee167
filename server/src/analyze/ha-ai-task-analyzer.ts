import type { AnalyzerConfig } from '../config/sections/analyzer-config.js';
import type { AnalyzeOutcome, AnalysisSubject, ClipAnalyzer, SampledPicture } from '../core/clip-analyzer.js';
import type { HealthCheck } from '../core/bus-signals.js';
import { err, type Result } from '../core/result.js';
import type { Logger } from '../core/logger.js';
import type { FfmpegTools } from '../media/ffmpeg-tools.js';
import { parseAiTaskAnswer } from './ai-task-answer.js';
import { mediaSourceRoot, shareFrames, type AiTaskAttachment, type SharedFrames } from './ai-task-attachments.js';
import { aiTaskInstructions } from './ai-task-instructions.js';
import { aiTaskStructure, type AiTaskStructure } from './ai-task-structure.js';
import { AnalysisGate } from './analysis-gate.js';
import { CircuitBreaker } from './circuit-breaker.js';
import { framesForCall } from './clip-frames.js';
import type { VlmFrame } from './frame-selector.js';
import type { AiTaskAnswer, HaAiTaskClient } from './ha-ai-task-client.js';
import { VlmRequestError } from './openai-vlm-client.js';
import { buildMessages } from './prompt-builder.js';
import { callWithRetries, requestFailedOutcome } from './vlm-call-retries.js';
import type { SpendLedger } from './spend-ledger.js';
import { subjectFacts, type SubjectFacts } from './subject-facts.js';
import { toAnalysis } from './vlm-output-schema.js';

export interface HaAiTaskAnalyzerOptions {
  readonly config: AnalyzerConfig;
  readonly cameras: readonly { readonly name: string; readonly context: string }[];
  /** Null: neither the Supervisor nor home_assistant.url/token says how to reach Home Assistant. */
  readonly client: HaAiTaskClient | null;
  /** HomeSec's media folder: frames wait there for Home Assistant during a call. */
  readonly mediaDir: string;
  readonly ledger: SpendLedger;
  readonly tools: FfmpegTools;
  readonly log: Logger;
  readonly now?: () => Date;
  readonly retryBaseMs?: number;
  readonly retryMaxMs?: number;
}

const TASK_NAME = 'HomeSec clip analysis';

/**
 * Asks Home Assistant's AI Task (`ai_task.generate_data`) what happened in a clip, with the model the
 * user set up there: the same gate (run mode, budget), frames, prompt, verdict schema (as `structure`),
 * retries and circuit breaker as the OpenAI provider. Frames are shared as media-source attachments
 * and removed after the call. HA reports no tokens or cost: each call is counted in the spend ledger
 * at $0 (like a model on a local endpoint), so the monthly budget does not move.
 */
export class HaAiTaskAnalyzer implements ClipAnalyzer {
  readonly name = 'analyzer';
  private readonly breaker: CircuitBreaker;
  private readonly gate: AnalysisGate;
  private readonly structure: AiTaskStructure = aiTaskStructure();
  private readonly mediaRoot: string | null;
  private readonly model: string;
  private lastProblem: string | null = null;

  constructor(private readonly options: HaAiTaskAnalyzerOptions) {
    const { config } = options;
    this.breaker = new CircuitBreaker({
      failures: config.circuitBreaker.failures,
      openMs: config.circuitBreaker.openS * 1000,
      now: () => this.now().getTime(),
    });
    this.gate = new AnalysisGate({ config, ledger: options.ledger, log: options.log, now: () => this.now() });
    this.mediaRoot = mediaSourceRoot(options.mediaDir, config.haMediaSource);
    // The ledger and the verdict name the model; HA does not say which one the entity uses.
    this.model = `home_assistant/${config.aiTaskEntity || 'ai_task'}`;
  }

  async start(_signal: AbortSignal): Promise<void> {
    const { config, log } = this.options;
    if (!config.enabled || config.runMode === 'never') return;
    const unusable = this.unusable();
    if (unusable) {
      log.error({ event_type: 'vlm.ai_task_unusable', problem: unusable }, `AI Task provider cannot run: ${unusable}`);
      return;
    }
    log.info(
      { event_type: 'vlm.spend_not_counted', model: this.model, why: 'home_assistant' },
      "VLM spend not counted: Home Assistant's AI Task reports no cost; calls are counted at $0",
    );
  }

  async stop(): Promise<void> {}

  health(): HealthCheck {
    const { config } = this.options;
    if (!config.enabled || config.runMode === 'never') return { status: 'healthy', message: 'VLM analysis is off' };
    const unusable = this.unusable();
    if (unusable) return { status: 'degraded', message: `AI Task provider cannot run: ${unusable}` };
    if (this.breaker.state() === 'open')
      return { status: 'degraded', message: `AI Task calls paused after repeated failures: ${this.lastProblem ?? 'unknown'}` };
    if (this.gate.overBudget())
      return { status: 'degraded', message: `monthly VLM budget of $${config.monthlyBudgetUsd} reached; alerts use detector results` };
    if (this.lastProblem) return { status: 'degraded', message: `last AI Task call failed: ${this.lastProblem}` };
    return { status: 'healthy', message: `Home Assistant AI Task (${config.aiTaskEntity || "HA's preferred entity"})` };
  }

  async analyze(
    subject: AnalysisSubject,
    mediaFile: string,
    signal: AbortSignal,
    pictures: readonly SampledPicture[] = [],
  ): Promise<AnalyzeOutcome> {
    const clip = subjectFacts(subject);
    const skip = this.gate.skipReason(clip);
    if (skip) return { kind: 'skipped', reason: skip };
    const unusable = this.unusable();
    if (unusable) return { kind: 'failed', reason: `ai_task_unusable: ${unusable}`, retryable: false };
    if (!this.breaker.tryAcquire()) return { kind: 'skipped', reason: 'circuit_open' };
    const frames = await framesForCall(clip, mediaFile, signal, pictures, { ...this.options, breaker: this.breaker });
    if (!frames.ok) return frames.error;
    return this.ask(clip, frames.value, signal);
  }

  private async ask(clip: SubjectFacts, frames: VlmFrame[], signal: AbortSignal): Promise<AnalyzeOutcome> {
    const context = this.options.cameras.find((c) => c.name === clip.camera)?.context ?? '';
    const instructions = aiTaskInstructions(
      buildMessages({
        camera: clip.camera,
        context,
        startedAt: clip.startedAt,
        durationS: clip.durationS,
        detected: clip.detected,
        footage: clip.kind,
        frames,
      }),
    );
    let shared: SharedFrames;
    try {
      shared = await shareFrames(frames, this.options.mediaDir, this.mediaRoot ?? '');
    } catch (e) {
      this.breaker.released();
      return { kind: 'failed', reason: `frames_unshared: ${(e as Error).message}`, retryable: !signal.aborted };
    }
    let answer: Result<AiTaskAnswer, VlmRequestError>;
    try {
      answer = await this.callWithRetries(instructions, shared.attachments, signal);
    } finally {
      await shared.remove();
    }
    if (!answer.ok) return this.requestFailed(answer.error);
    const reply = parseAiTaskAnswer(answer.value.data);
    this.book(clip, reply.ok ? 'analyzed' : 'invalid_reply');
    if (!reply.ok) {
      this.breaker.failed();
      this.setProblem(`invalid answer: ${reply.problem}`);
      this.options.log.warn({ event_type: 'vlm.invalid_reply', clip_id: clip.id, problem: reply.problem }, 'AI Task answer unusable');
      return { kind: 'failed', reason: `invalid_reply: ${reply.problem}`, retryable: false };
    }
    this.breaker.succeeded();
    this.setProblem(null);
    this.options.log.info(
      {
        event_type: 'vlm.analyzed',
        clip_id: clip.id,
        camera: clip.camera,
        model: this.model,
        frames: frames.length,
        risk_level: reply.reply.risk_level,
        conversation_id: answer.value.conversationId,
      },
      `AI Task: ${reply.reply.risk_level} ${reply.reply.activity}`,
    );
    const usage = { promptTokens: 0, completionTokens: 0, costUsd: 0 };
    return { kind: 'analyzed', analysis: toAnalysis(reply.reply, { model: this.model, framesSent: frames.length, usage }) };
  }

  /** At most 1 + max_retries calls, with backoff, on the retryable kinds (HA's 5xx, timeouts, unreachable). */
  private async callWithRetries(
    instructions: string,
    attachments: readonly AiTaskAttachment[],
    signal: AbortSignal,
  ): Promise<Result<AiTaskAnswer, VlmRequestError>> {
    const { config } = this.options;
    const client = this.options.client;
    if (!client) return err(new VlmRequestError('no way to reach Home Assistant', 'rejected', null));
    const request = { taskName: TASK_NAME, entityId: config.aiTaskEntity || null, instructions, structure: this.structure, attachments };
    return callWithRetries(() => client.generateData(request, signal), {
      maxRetries: config.maxRetries,
      baseMs: this.options.retryBaseMs ?? 1000,
      maxMs: this.options.retryMaxMs ?? 30_000,
      label: 'AI Task',
      log: this.options.log,
      signal,
    });
  }

  private requestFailed(error: VlmRequestError): AnalyzeOutcome {
    if (error.kind !== 'aborted') this.setProblem(error.message);
    return requestFailedOutcome(error, this.breaker, this.options.config.maxRetries);
  }

  /** Every answered call is counted; HA says nothing of tokens or cost. */
  private book(clip: SubjectFacts, outcome: string): void {
    this.options.ledger.record({
      clipId: clip.id,
      camera: clip.camera,
      model: this.model,
      at: this.now(),
      promptTokens: 0,
      completionTokens: 0,
      costUsd: 0,
      outcome,
    });
  }

  /** What makes calls impossible whatever HA does: no way to reach it, or no media-source id for the frames. */
  private unusable(): string | null {
    if (!this.options.client)
      return 'Home Assistant is not reachable: not running as the add-on, and home_assistant.url or home_assistant.token is empty';
    if (!this.mediaRoot)
      return `media_dir (${this.options.mediaDir}) is not under /media: set analyzer.ha_media_source to where Home Assistant sees it`;
    return null;
  }

  private setProblem(problem: string | null): void {
    if (problem === this.lastProblem) return;
    if (problem) this.options.log.warn({ event_type: 'vlm.unhealthy', problem }, 'AI Task calls failing');
    else if (this.lastProblem) this.options.log.info({ event_type: 'vlm.healthy' }, 'AI Task calls working again');
    this.lastProblem = problem;
  }

  private now(): Date {
    return (this.options.now ?? (() => new Date()))();
  }
}
