import type { AnalyzerConfig } from '../config/sections/analyzer-config.js';
import type { TokenUsage } from '../core/analysis.js';
import type { AnalyzeOutcome, AnalysisSubject, ClipAnalyzer, SampledPicture } from '../core/clip-analyzer.js';
import type { HealthCheck } from '../core/bus-signals.js';
import { err, type Result } from '../core/result.js';
import type { Logger } from '../core/logger.js';
import type { FfmpegTools } from '../media/ffmpeg-tools.js';
import { AnalysisGate } from './analysis-gate.js';
import { CircuitBreaker } from './circuit-breaker.js';
import { framesForCall } from './clip-frames.js';
import type { VlmFrame } from './frame-selector.js';
import { costUsd, pricingFor, type Pricing } from './model-prices.js';
import { OpenAiVlmClient, VlmRequestError, type VlmCompletion } from './openai-vlm-client.js';
import { subjectFacts, type SubjectFacts } from './subject-facts.js';
import { buildMessages, repairMessages, type ChatMessage } from './prompt-builder.js';
import { callWithRetries, requestFailedOutcome } from './vlm-call-retries.js';
import type { SpendLedger } from './spend-ledger.js';
import { parseVlmReply, toAnalysis, type VlmReply } from './vlm-output-schema.js';

export interface OpenAiAnalyzerOptions {
  readonly config: AnalyzerConfig;
  /** Camera names and their `context` for the prompt. */
  readonly cameras: readonly { readonly name: string; readonly context: string }[];
  readonly ledger: SpendLedger;
  readonly tools: FfmpegTools;
  readonly log: Logger;
  readonly now?: () => Date;
  /** Retry backoff bounds (tests shorten them). */
  readonly retryBaseMs?: number;
  readonly retryMaxMs?: number;
}

type CallResult = Result<VlmCompletion, VlmRequestError>;

/** One clip's billed calls so far: every call costs, even one whose reply is unusable. */
interface ClipBill {
  promptTokens: number;
  completionTokens: number;
  costUsd: number;
}

/**
 * Asks an OpenAI-compatible VLM what happened in a clip. It decides whether to call at all (run mode,
 * monthly budget, circuit breaker; every skip names its reason), sends evenly spaced labelled frames
 * that always include the detector's best frame, demands strict JSON (schema, or JSON mode plus one
 * repair attempt), retries 429/5xx/timeouts a bounded number of times, and books every call's cost.
 * Failures come back final (`retryable: false`): retrying is done here, so the pipeline does not
 * multiply paid calls.
 */
export class OpenAiAnalyzer implements ClipAnalyzer {
  readonly name = 'analyzer';
  private client: OpenAiVlmClient | null = null;
  private format: 'json_schema' | 'json_object';
  private readonly breaker: CircuitBreaker;
  private lastProblem: string | null = null;
  private readonly gate: AnalysisGate;
  private readonly pricing: Pricing;

  constructor(private readonly options: OpenAiAnalyzerOptions) {
    this.pricing = pricingFor(options.config);
    this.format = options.config.structuredOutput === 'json_object' ? 'json_object' : 'json_schema';
    this.breaker = new CircuitBreaker({
      failures: options.config.circuitBreaker.failures,
      openMs: options.config.circuitBreaker.openS * 1000,
      now: () => this.now().getTime(),
    });
    this.gate = new AnalysisGate({ config: options.config, ledger: options.ledger, log: options.log, now: () => this.now() });
  }

  async start(_signal: AbortSignal): Promise<void> {
    this.client ??= this.createClient();
    this.logUncountedSpend();
  }

  async stop(): Promise<void> {
    this.client = null;
  }

  health(): HealthCheck {
    const { config } = this.options;
    if (!config.enabled || config.runMode === 'never') return { status: 'healthy', message: 'VLM analysis is off' };
    if (this.breaker.state() === 'open')
      return { status: 'degraded', message: `VLM calls paused after repeated failures: ${this.lastProblem ?? 'unknown'}` };
    if (this.gate.overBudget())
      return { status: 'degraded', message: `monthly VLM budget of $${config.monthlyBudgetUsd} reached; alerts use detector results` };
    if (this.lastProblem) return { status: 'degraded', message: `last VLM call failed: ${this.lastProblem}` };
    return { status: 'healthy', message: `${config.model} at ${new URL(config.baseUrl).host}${this.priceNote()}` };
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
    if (!this.breaker.tryAcquire()) return { kind: 'skipped', reason: 'circuit_open' };
    const frames = await framesForCall(clip, mediaFile, signal, pictures, { ...this.options, breaker: this.breaker });
    if (!frames.ok) return frames.error;
    return this.ask(clip, frames.value, signal);
  }

  private async ask(clip: SubjectFacts, frames: VlmFrame[], signal: AbortSignal): Promise<AnalyzeOutcome> {
    const bill: ClipBill = { promptTokens: 0, completionTokens: 0, costUsd: 0 };
    const context = this.options.cameras.find((c) => c.name === clip.camera)?.context ?? '';
    const messages = buildMessages({
      camera: clip.camera,
      context,
      startedAt: clip.startedAt,
      durationS: clip.durationS,
      detected: clip.detected,
      footage: clip.kind,
      frames,
    });
    const first = await this.callWithRetries(messages, signal);
    if (!first.ok) return this.requestFailed(first.error);
    const reply = await this.validReply(clip, messages, first.value, bill, signal);
    if (!reply.ok) return reply.error;
    this.breaker.succeeded();
    this.setProblem(null);
    const usage: TokenUsage = { ...bill };
    this.options.log.info(
      {
        event_type: 'vlm.analyzed',
        clip_id: clip.id,
        camera: clip.camera,
        model: this.options.config.model,
        frames: frames.length,
        risk_level: reply.value.risk_level,
        prompt_tokens: usage.promptTokens,
        completion_tokens: usage.completionTokens,
        cost_usd: usage.costUsd,
      },
      `VLM: ${reply.value.risk_level} ${reply.value.activity}`,
    );
    return { kind: 'analyzed', analysis: toAnalysis(reply.value, { model: this.options.config.model, framesSent: frames.length, usage }) };
  }

  /** Parses the reply; one repair round when it is not valid JSON for the schema. */
  private async validReply(
    clip: SubjectFacts,
    messages: ChatMessage[],
    completion: VlmCompletion,
    bill: ClipBill,
    signal: AbortSignal,
  ): Promise<Result<VlmReply, AnalyzeOutcome>> {
    let parsed = parseVlmReply(completion.content);
    this.book(clip, completion, bill, parsed.ok ? 'analyzed' : 'invalid_reply');
    if (parsed.ok) return { ok: true, value: parsed.reply };
    this.options.log.warn(
      { event_type: 'vlm.invalid_reply', clip_id: clip.id, problem: parsed.problem },
      'VLM reply unusable; asking once for a repair',
    );
    const repaired = await this.callWithRetries(repairMessages(messages, completion.content, parsed.problem), signal);
    if (!repaired.ok) return err(this.requestFailed(repaired.error));
    parsed = parseVlmReply(repaired.value.content);
    this.book(clip, repaired.value, bill, parsed.ok ? 'analyzed' : 'invalid_reply');
    if (parsed.ok) return { ok: true, value: parsed.reply };
    this.breaker.failed();
    this.setProblem(`invalid reply: ${parsed.problem}`);
    return err({ kind: 'failed', reason: `invalid_reply: ${parsed.problem} (after one repair attempt)`, retryable: false });
  }

  /** At most 1 + max_retries calls, with backoff; a provider without JSON schema support switches to JSON mode once. */
  private callWithRetries(messages: ChatMessage[], signal: AbortSignal): Promise<CallResult> {
    const { config, log } = this.options;
    const client = (this.client ??= this.createClient());
    return callWithRetries(
      () => client.complete({ model: config.model, messages, format: this.format, maxTokens: config.maxOutputTokens }, signal),
      {
        maxRetries: config.maxRetries,
        baseMs: this.options.retryBaseMs ?? 1000,
        maxMs: this.options.retryMaxMs ?? 30_000,
        label: 'VLM',
        log,
        signal,
        againAtOnce: (error) => {
          if (error.kind !== 'schema_unsupported' || config.structuredOutput !== 'auto' || this.format !== 'json_schema') return false;
          this.format = 'json_object';
          log.warn(
            { event_type: 'vlm.json_mode', model: config.model },
            'provider rejects JSON schema output; using JSON mode with validation',
          );
          return true;
        },
      },
    );
  }

  private requestFailed(error: VlmRequestError): AnalyzeOutcome {
    if (error.kind !== 'aborted') this.setProblem(error.message);
    return requestFailedOutcome(error, this.breaker, this.options.config.maxRetries);
  }

  private book(clip: SubjectFacts, completion: VlmCompletion, bill: ClipBill, outcome: string): void {
    const { config, ledger } = this.options;
    // The provider's own figure beats any price table; a free local endpoint stays free.
    const listed = costUsd(this.pricing.price, completion.promptTokens, completion.completionTokens);
    const cost = this.pricing.counted ? (completion.reportedCostUsd ?? listed) : 0;
    bill.promptTokens += completion.promptTokens;
    bill.completionTokens += completion.completionTokens;
    bill.costUsd += cost;
    ledger.record({
      clipId: clip.id,
      camera: clip.camera,
      model: config.model,
      at: this.now(),
      promptTokens: completion.promptTokens,
      completionTokens: completion.completionTokens,
      costUsd: cost,
      outcome,
    });
  }

  /**
   * Said once at start: calls on a local endpoint never move the monthly budget; a cloud model in no
   * price table is counted at the table's highest price until analyzer.prices names it.
   */
  private logUncountedSpend(): void {
    const { config, log } = this.options;
    if (!config.enabled || config.runMode === 'never') return;
    const { price } = this.pricing;
    if (this.pricing.counted && this.pricing.source === 'default') {
      log.warn(
        { event_type: 'vlm.unpriced_model', model: config.model, input_usd_per_mtok: price.input, output_usd_per_mtok: price.output },
        `${config.model} has no known price: counted at $${price.input}/$${price.output} per million tokens (the highest in the table) against the monthly budget unless the provider reports the cost; set analyzer.prices for the real price`,
      );
      return;
    }
    if (this.pricing.counted) return;
    log.info(
      { event_type: 'vlm.spend_not_counted', model: config.model, why: this.pricing.why },
      `VLM spend not counted: ${config.model} is on a local endpoint (${new URL(config.baseUrl).host}); set analyzer.prices to count it against the budget`,
    );
  }

  /** The health note for a model counted at the default price. */
  private priceNote(): string {
    if (!this.pricing.counted || this.pricing.source !== 'default') return '';
    return `; no known price: counted at the highest in the table until analyzer.prices names ${this.options.config.model}`;
  }

  private setProblem(problem: string | null): void {
    if (problem === this.lastProblem) return;
    if (problem) this.options.log.warn({ event_type: 'vlm.unhealthy', problem }, 'VLM calls failing');
    else if (this.lastProblem) this.options.log.info({ event_type: 'vlm.healthy' }, 'VLM calls working again');
    this.lastProblem = problem;
  }

  private createClient(): OpenAiVlmClient {
    const { config, log } = this.options;
    return new OpenAiVlmClient({ baseUrl: config.baseUrl, apiKey: config.apiKey, timeoutMs: config.timeoutS * 1000, log });
  }

  private now(): Date {
    return (this.options.now ?? (() => new Date()))();
  }
}
