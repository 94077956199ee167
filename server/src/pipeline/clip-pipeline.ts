import { STAGE_NAMES, type Clip, type StageName, type StageRecord } from '../core/clip.js';
import type { PipelineConfig } from '../config/sections/pipeline-config.js';
import type { Logger } from '../core/logger.js';
import type { MediaStore } from '../media/media-store.js';
import type { ClipRepository } from '../store/clip-repository.js';
import type { ClipProgress } from '../core/clip-progress.js';
import type { DeferredUploads } from './deferred-uploads.js';
import type { PipelineJobs } from './pipeline-jobs.js';
import { Semaphore } from './semaphore.js';
import type { StageHandler, StageOutcome } from './stage-outcome.js';
import { abortableDelay } from '../runtime/abortable-delay.js';
import { backoffDelay } from '../runtime/backoff.js';

/** Upload runs beside the main track; the clip is done when both are. */
const UPLOAD_TRACK: readonly StageName[] = ['upload'];
const MAIN_TRACK: readonly StageName[] = ['detect', 'analyze'];
/** A stage's retries never wait longer than this between attempts. */
const MAX_STAGE_RETRY_MS = 5 * 60_000;

export interface ClipPipelineOptions {
  readonly repository: ClipRepository;
  readonly jobs: PipelineJobs;
  readonly handlers: Record<StageName, StageHandler>;
  readonly media: MediaStore;
  readonly config: PipelineConfig;
  /** Where an upload that finally failed but may work later waits (null without an off-site copy). */
  readonly deferredUploads: DeferredUploads | null;
  /** Told about every recorded stage and finished clip (the clip's event acts on it). */
  readonly progress: ClipProgress;
  /** Work on the clip that runs beside its stages and must be in its record before it is done (its thumbnail). */
  readonly besideStages: (clipId: string) => Promise<void>;
  readonly log: Logger;
}

/**
 * Runs every queued clip through its stages with bounded concurrency, recording each outcome on the
 * clip before moving on, so a restart resumes at the first stage without a record.
 */
export class ClipPipeline {
  private readonly waiting: string[] = [];
  private readonly inFlight = new Map<string, Promise<void>>();
  private readonly limits: Record<StageName, Semaphore>;
  private readonly clipLimit: number;
  private abort = new AbortController();
  private running = false;
  private idleWaiters: (() => void)[] = [];

  constructor(private readonly options: ClipPipelineOptions) {
    const c = options.config;
    this.clipLimit = c.maxClipsInFlight;
    this.limits = {
      upload: new Semaphore(c.uploadWorkers),
      detect: new Semaphore(c.detectWorkers),
      analyze: new Semaphore(c.analyzeWorkers),
    };
  }

  /** Takes clips from now on; `Pipeline` resumes the unfinished ones. */
  start(): void {
    this.abort = new AbortController();
    this.running = true;
  }

  /** Stops taking work and aborts stages in progress; unfinished clips resume at the next start. */
  async stop(): Promise<void> {
    if (!this.running) return;
    this.running = false;
    this.abort.abort();
    await Promise.allSettled([...this.inFlight.values()]);
    this.waiting.length = 0;
    this.notifyIdle();
  }

  enqueue(clipId: string): void {
    if (!this.running || this.inFlight.has(clipId) || this.waiting.includes(clipId)) return;
    this.waiting.push(clipId);
    this.pump();
  }

  /** Clips waiting plus clips in progress. */
  depth(): number {
    return this.waiting.length + this.inFlight.size;
  }

  /** Resolves when nothing is waiting or in progress (for the CLI and tests). */
  idle(): Promise<void> {
    if (this.depth() === 0) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  /** Runs the upload stage again for a clip whose upload failed earlier. */
  async retryUpload(clipId: string): Promise<StageOutcome['kind'] | 'gone'> {
    const clip = this.options.repository.getLocal(clipId);
    if (!clip || clip.status === 'deleted') return 'gone';
    return this.runStage(clipId, 'upload', true);
  }

  private pump(): void {
    while (this.running && this.inFlight.size < this.clipLimit && this.waiting.length > 0) {
      const clipId = this.waiting.shift();
      if (clipId === undefined) break;
      const work = this.process(clipId)
        .catch((e: unknown) =>
          this.options.log.error({ event_type: 'pipeline.clip_crashed', clip_id: clipId, err: e }, 'clip processing crashed'),
        )
        .finally(() => {
          this.inFlight.delete(clipId);
          this.pump();
          if (this.depth() === 0) this.notifyIdle();
        });
      this.inFlight.set(clipId, work);
    }
  }

  private async process(clipId: string): Promise<void> {
    const { repository, jobs, log } = this.options;
    const clip = repository.getLocal(clipId);
    if (!clip || clip.status === 'done' || clip.status === 'failed' || clip.status === 'deleted') {
      jobs.done(clipId);
      // Killed after the clip was done but before its event heard: tell it now (the event ignores a repeat).
      if (clip?.status === 'done' || clip?.status === 'failed') this.options.progress.clipFinished(clip);
      return;
    }
    const started = performance.now();
    if (clip.status === 'queued') repository.update(clipId, (c) => ({ ...c, status: 'processing' }));
    // Resumed after a kill: a stage recorded just before it may not have reached the event; offer each
    // again (the event takes evidence it has already as it is, and sends no alert twice).
    else for (const stage of STAGE_NAMES) if (clip.stages[stage]) this.options.progress.stageRecorded(stage, clip);
    await Promise.all([this.runTrack(clipId, UPLOAD_TRACK), this.runTrack(clipId, MAIN_TRACK), this.options.besideStages(clipId)]);
    if (this.abort.signal.aborted) return;
    const ms = Math.round(performance.now() - started);
    const done = repository.update(clipId, (c) => ({ ...c, status: 'done' }), {
      type: 'clip_done',
      data: { ms, failed_stages: failedStages(repository.getLocal(clipId)) },
    });
    jobs.done(clipId);
    this.options.progress.clipFinished(done);
    log.info(
      { event_type: 'pipeline.clip_done', clip_id: clipId, camera: done.camera, ms, alerted: done.alerted },
      `clip ${clipId} done in ${ms} ms`,
    );
  }

  private async runTrack(clipId: string, stages: readonly StageName[]): Promise<void> {
    for (const stage of stages) {
      if (this.abort.signal.aborted) return;
      if (this.options.repository.getLocal(clipId)?.stages[stage]) continue;
      await this.runStage(clipId, stage, false);
    }
  }

  private async runStage(clipId: string, stage: StageName, again: boolean): Promise<StageOutcome['kind'] | 'gone'> {
    const signal = this.abort.signal;
    let release: () => void;
    try {
      release = await this.limits[stage].acquire(signal);
    } catch {
      return 'gone';
    }
    try {
      const started = performance.now();
      const { outcome, attempts } = await this.attempt(clipId, stage);
      if (signal.aborted || !outcome) return 'gone';
      this.record(clipId, stage, outcome, attempts, performance.now() - started, again);
      return outcome.kind;
    } finally {
      release();
    }
  }

  /** Tries a stage until it succeeds, is skipped, fails for good, or attempts run out. */
  private async attempt(clipId: string, stage: StageName): Promise<{ outcome: StageOutcome | null; attempts: number }> {
    const { repository, media, handlers, config } = this.options;
    const signal = this.abort.signal;
    for (let attempts = 1; ; attempts++) {
      const clip = repository.getLocal(clipId);
      if (!clip) return { outcome: null, attempts };
      const context = { mediaFile: media.resolve(clip.mediaPath), signal };
      const outcome = await handlers[stage](clip, context).catch((e: unknown): StageOutcome => ({
        kind: 'failed',
        reason: `unexpected error: ${(e as Error).message}`,
        retryable: true,
      }));
      if (signal.aborted) return { outcome: null, attempts };
      if (outcome.kind !== 'failed' || !outcome.retryable || attempts >= config.maxAttempts) return { outcome, attempts };
      await abortableDelay(backoffDelay(attempts, { initialMs: config.retryBackoffS * 1000, maxMs: MAX_STAGE_RETRY_MS }), signal);
    }
  }

  private record(clipId: string, stage: StageName, outcome: StageOutcome, attempts: number, ms: number, again: boolean): void {
    const at = new Date().toISOString();
    const reason = outcome.kind === 'ok' ? null : outcome.reason;
    const record: StageRecord = { outcome: outcome.kind, reason, ms: Math.round(ms), at, attempts };
    const type = outcome.kind === 'ok' ? 'stage_succeeded' : outcome.kind === 'skipped' ? 'stage_skipped' : 'stage_failed';
    const detail = outcome.kind === 'ok' ? (outcome.detail ?? {}) : {};
    const retryable = outcome.kind === 'failed' ? outcome.retryable : false;
    const updated = this.options.repository.update(
      clipId,
      (c) => ({ ...c, ...(outcome.patch ?? {}), stages: { ...c.stages, [stage]: record } }),
      { type, data: { stage, ms: record.ms, attempts, reason, retryable, again, ...detail } },
    );
    // At info: a clip's life (stored, each stage, done) can be followed in the log without debug.
    const level = outcome.kind === 'failed' ? 'warn' : 'info';
    this.options.log[level](
      { event_type: `pipeline.stage_${outcome.kind}`, clip_id: clipId, camera: updated.camera, stage, ms: record.ms, attempts, reason },
      `clip ${clipId} ${stage}: ${outcome.kind}${reason ? ` (${reason})` : ''} in ${record.ms} ms`,
    );
    if (stage === 'upload' && outcome.kind === 'failed' && outcome.retryable) this.options.deferredUploads?.schedule(clipId);
    this.options.progress.stageRecorded(stage, updated);
  }

  private notifyIdle(): void {
    const waiters = this.idleWaiters;
    this.idleWaiters = [];
    for (const resolve of waiters) resolve();
  }
}

function failedStages(clip: Clip | null): string[] {
  if (!clip) return [];
  return Object.entries(clip.stages)
    .filter(([, record]) => record?.outcome === 'failed')
    .map(([stage]) => stage);
}
