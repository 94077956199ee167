import type { ClipIntake } from '../core/clip-intake.js';
import type { ClipProgress } from '../core/clip-progress.js';
import type { Part } from '../core/lifecycle.js';
import type { Services } from '../runtime/services.js';
import type { Logger } from '../core/logger.js';
import type { MediaStore } from '../media/media-store.js';
import type { ClipRepository } from '../store/clip-repository.js';
import { ClipIntakeService } from './clip-intake-service.js';
import { ClipPipeline } from './clip-pipeline.js';
import { DeferredUploads } from './deferred-uploads.js';
import { PipelineJobs } from './pipeline-jobs.js';
import { SampledPictures } from './sampled-pictures.js';
import { createStageHandlers, type StageHandlerOptions } from './stage-handlers.js';

export interface PipelineOptions {
  readonly repository: ClipRepository;
  readonly media: MediaStore;
  /** What the stages call; the off-site storage there also decides whether failed uploads are retried later. */
  readonly stages: Omit<StageHandlerOptions, 'media' | 'pictures'>;
  /** The clips' events: told about intake, every stage and the end of each clip. */
  readonly progress: ClipProgress;
}

/**
 * The pipeline as the rest of HomeSec sees it: `intake` for sources, `requeue` for cleanup,
 * `isInFlight` for retention, `idle` for the CLI. Inside: the durable queue, the intake that fills
 * it, the stage runner that empties it, and the deferred uploads that retry off-site copies later.
 */
export class Pipeline implements Part {
  readonly name = 'pipeline';
  readonly intake: ClipIntake;
  private readonly jobs: PipelineJobs;
  private readonly intakeService: ClipIntakeService;
  private readonly runner: ClipPipeline;
  private readonly deferred: DeferredUploads | null;
  private readonly log: Logger;
  private readonly repository: ClipRepository;
  private readonly progress: ClipProgress;
  private readonly pictures: SampledPictures | null;

  constructor(services: Services, options: PipelineOptions) {
    this.repository = options.repository;
    this.progress = options.progress;
    const { repository, media } = options;
    const { config, localDb } = services;
    const log = services.log.child({ component: 'pipeline' });
    this.log = log;
    this.jobs = new PipelineJobs(localDb);
    this.deferred = options.stages.offsite ? new DeferredUploads(localDb, log) : null;
    // The detector's decode also makes the vision model's frames, when a verdict is asked for.
    const verdicts = options.stages.detector && options.stages.analyzer && config.analyzer.enabled && config.analyzer.runMode !== 'never';
    this.pictures = verdicts
      ? new SampledPictures({
          fps: config.detector.sampleFps,
          maxPx: config.analyzer.imageMaxPx,
          quality: config.analyzer.jpegQuality,
          log,
        })
      : null;
    this.runner = new ClipPipeline({
      repository,
      jobs: this.jobs,
      handlers: createStageHandlers({ ...options.stages, media, pictures: this.pictures }),
      media,
      config: config.pipeline,
      deferredUploads: this.deferred,
      progress: options.progress,
      besideStages: (clipId) => this.intakeService.thumbnailWritten(clipId),
      log,
    });
    this.intakeService = new ClipIntakeService({
      cameras: new Set(config.cameras.map((c) => c.name)),
      repository,
      jobs: this.jobs,
      media,
      localDb,
      progress: options.progress,
      onStored: (clipId) => this.runner.enqueue(clipId),
      workers: config.pipeline.intakeWorkers,
      log: log.child({ component: 'intake' }),
    });
    this.intake = this.intakeService;
  }

  /** Resumes every clip that was not done when the process stopped (finishing interrupted intakes first), then takes new ones. */
  async start(): Promise<void> {
    this.runner.start();
    const jobs = this.jobs.all();
    if (jobs.length) {
      this.log.info({ event_type: 'pipeline.resuming', clips: jobs.length }, `resuming ${jobs.length} unfinished clip(s)`);
    }
    for (const job of jobs) {
      if (job.sourcePath !== null) await this.intakeService.recover(job);
      else this.runner.enqueue(job.clipId);
    }
    this.deferred?.start((clipId) => this.runner.retryUpload(clipId));
  }

  async stop(): Promise<void> {
    await this.deferred?.stop();
    await this.runner.stop();
    this.intakeService.stop();
    await this.pictures?.stop();
  }

  /** Puts a stored clip back on the durable queue; it resumes at its first stage without a record (cleanup). */
  requeue(clipId: string): void {
    const clip = this.repository.getLocal(clipId);
    if (clip) {
      // A new event for the clip, which learns at once what the re-check found.
      const eventId = this.progress.clipRequeued(clip);
      const updated = this.repository.update(clipId, (c) => ({ ...c, eventId }));
      this.progress.clipStored(updated);
      if (updated.detection) this.progress.stageRecorded('detect', updated);
    }
    this.jobs.add(clipId, '', false);
    this.jobs.stored(clipId);
    this.runner.enqueue(clipId);
  }

  /** True for clips still queued or being processed: retention never deletes them. */
  isInFlight(clipId: string): boolean {
    return this.jobs.contains(clipId);
  }

  /** Clips waiting plus clips in progress. */
  depth(): number {
    return this.runner.depth();
  }

  /** Resolves when nothing is waiting or in progress (for the CLI and tests). */
  idle(): Promise<void> {
    return this.runner.idle();
  }
}
