import { existsSync } from 'node:fs';
import type { ClipIntake, IncomingClip } from '../core/clip-intake.js';
import type { ClipProgress } from '../core/clip-progress.js';
import type { Clip } from '../core/clip.js';
import { ClipRejectedError, InputError } from '../core/errors.js';
import { err, ok, toError, type Result } from '../core/result.js';
import type { Logger } from '../core/logger.js';
import type { Inspection, MediaStore, StoredClip } from '../media/media-store.js';
import type { ClipRepository } from '../store/clip-repository.js';
import type { LocalDb } from '../store/local-db.js';
import { newClipId } from '../core/ids.js';
import type { PipelineJob, PipelineJobs } from './pipeline-jobs.js';
import { Semaphore } from './semaphore.js';
import { inBackground } from '../runtime/background.js';
import { backoffDelay, type BackoffPolicy } from '../runtime/backoff.js';
import { MediaToolError } from '../media/probe-media.js';

/** Waits between tries of an interrupted intake while ffprobe cannot run. */
const RECOVER_RETRY: BackoffPolicy = { initialMs: 30_000, maxMs: 15 * 60_000 };

export interface ClipIntakeServiceOptions {
  readonly cameras: ReadonlySet<string>;
  readonly repository: ClipRepository;
  readonly jobs: PipelineJobs;
  readonly media: MediaStore;
  /** The clip record and its queue row are written in one local transaction. */
  readonly localDb: LocalDb;
  /** The event a clip belongs to is chosen (or opened) here and told when the clip is stored or failed. */
  readonly progress: ClipProgress;
  /** Called once a clip is safely stored and queued: the pipeline may start on it. */
  readonly onStored: (clipId: string) => void;
  /** Files probed and stored at the same time: a burst of clips waits here instead of spawning ffmpeg for each. */
  readonly workers: number;
  readonly log: Logger;
}

/**
 * P0 intake: records the clip and its queue row, then has the media folder take the file, before
 * anything that needs the network or the clip store. Bad files become failed clips with a reason
 * and are kept in the media folder as they came. `accept` never throws: every outcome is a value.
 */
export class ClipIntakeService implements ClipIntake {
  private readonly slots: Semaphore;
  private readonly retryTimers = new Set<NodeJS.Timeout>();
  private readonly recoverAttempts = new Map<string, number>();
  /** Thumbnails being written, by clip id: the pipeline waits for them before it calls a clip done. */
  private readonly thumbnails = new Map<string, Promise<void>>();

  constructor(private readonly options: ClipIntakeServiceOptions) {
    this.slots = new Semaphore(options.workers);
  }

  async accept(incoming: IncomingClip): Promise<Result<Clip, Error>> {
    const release = await this.slots.acquire();
    try {
      return await this.take(incoming);
    } catch (e) {
      // The local database refused (disk full, locked past its timeout): the source keeps its file.
      this.options.log.error({ event_type: 'intake.failed', camera: incoming.camera, err: e }, 'intake failed');
      return err(toError(e));
    } finally {
      release();
    }
  }

  private async take(incoming: IncomingClip): Promise<Result<Clip, Error>> {
    const { cameras, repository, jobs, media, localDb } = this.options;
    if (!cameras.has(incoming.camera)) return err(new InputError(`unknown camera "${incoming.camera}"`));
    if (!existsSync(incoming.path)) return err(new InputError(`${incoming.originalName}: file vanished before it was taken`));

    const inspection = await media.inspect(incoming.path);
    if (inspection.problem !== null && inspection.retryable) return this.notNow(incoming, inspection.problem);
    const startedAt = startTime(incoming, inspection);
    const id = newClipId(incoming.camera, startedAt);
    const extension = inspection.problem ? media.keptExtension(incoming.originalName) : 'mp4';
    const mediaPath = media.pathsFor(incoming.camera, startedAt, id, extension).video;
    // The clip's event, the clip and its queue row land in one local write: a kill after the event
    // alone left an event without a clip, which the restart ended empty (and never alerted on) while
    // the file, still in the inbox, came in again as a new event.
    localDb.transaction(() => {
      const eventId = this.options.progress.eventForClip(incoming, startedAt);
      const clip = newClip(id, incoming, startedAt, mediaPath, eventId);
      repository.create(clip, {
        type: 'clip_received',
        data: { source: incoming.source, original_name: incoming.originalName, path: incoming.path },
      });
      jobs.add(id, incoming.path, incoming.consume);
    });
    return this.store({ clipId: id, enqueuedAt: Date.now(), sourcePath: incoming.path, consume: incoming.consume }, inspection);
  }

  /** Finishes clips whose file had not reached the media folder when the process stopped. */
  async recover(job: PipelineJob): Promise<void> {
    const clip = this.options.repository.getLocal(job.clipId);
    if (!clip || job.sourcePath === null) return;
    const destination = this.options.media.resolve(clip.mediaPath);
    const source = existsSync(job.sourcePath) ? job.sourcePath : existsSync(destination) ? destination : null;
    if (source === null) {
      this.fail(job.clipId, 'the file vanished before it was stored');
      return;
    }
    const inspection = await this.options.media.inspect(source);
    if (inspection.problem !== null && inspection.retryable) {
      this.recoverLater(job, inspection.problem);
      return;
    }
    await this.store({ ...job, sourcePath: source, consume: job.consume || source === destination }, inspection);
  }

  /** Stops the retries of interrupted intakes waiting for ffprobe; they resume at the next start. */
  stop(): void {
    for (const timer of this.retryTimers) clearTimeout(timer);
    this.retryTimers.clear();
  }

  /**
   * ffprobe itself failed (missing, timed out, killed): nothing is known about the file, so it is not a
   * failed clip. The source keeps the file and offers it again (folder and FTP retry with backoff).
   */
  private notNow(incoming: IncomingClip, problem: string): Result<Clip, Error> {
    this.options.log.warn(
      { event_type: 'intake.probe_unavailable', camera: incoming.camera, file: incoming.originalName, problem },
      `cannot look at ${incoming.originalName} now (${problem}); the source offers it again later`,
    );
    return err(new MediaToolError(`${incoming.originalName}: ${problem}`));
  }

  /** An interrupted intake whose file ffprobe cannot look at yet: tried again with backoff, never failed for it. */
  private recoverLater(job: PipelineJob, problem: string): void {
    const attempts = (this.recoverAttempts.get(job.clipId) ?? 0) + 1;
    this.recoverAttempts.set(job.clipId, attempts);
    const waitMs = backoffDelay(attempts, RECOVER_RETRY);
    this.options.log.warn(
      { event_type: 'intake.probe_unavailable', clip_id: job.clipId, problem, retry_in_ms: waitMs },
      `cannot look at clip ${job.clipId} now (${problem}); trying again later`,
    );
    const timer = setTimeout(() => {
      this.retryTimers.delete(timer);
      inBackground(this.recover(job), this.options.log, `resuming the intake of ${job.clipId}`);
    }, waitMs);
    timer.unref();
    this.retryTimers.add(timer);
  }

  private async store(job: PipelineJob, inspection: Inspection): Promise<Result<Clip, Error>> {
    const { repository, media, jobs, log } = this.options;
    const clip = repository.getLocal(job.clipId);
    if (!clip || job.sourcePath === null) return err(new Error(`clip ${job.clipId} is not queued`));
    const started = performance.now();
    let stored: StoredClip;
    try {
      const request = { sourcePath: job.sourcePath, camera: clip.camera, clipId: clip.id, startedAt: new Date(clip.startedAt) };
      stored = await media.store({ ...request, mediaPath: clip.mediaPath, inspection, consume: job.consume });
    } catch (e) {
      const reason = `could not store the clip in the media folder: ${toError(e).message}`;
      log.error({ event_type: 'intake.store_failed', clip_id: clip.id, camera: clip.camera, err: e }, reason);
      this.fail(clip.id, reason);
      return err(new Error(reason, { cause: e }));
    }
    if (stored.kind === 'kept_as_is') {
      log.warn(
        { event_type: 'intake.bad_file', clip_id: clip.id, camera: clip.camera, problem: stored.problem },
        `not a usable clip: ${stored.problem}`,
      );
      this.fail(clip.id, stored.problem, stored.sizeBytes);
      return err(new ClipRejectedError(`${clip.originalName}: ${stored.problem}`, clip.id));
    }
    const { sizeBytes, durationS, video, thumbnail, method } = stored;
    const updated = repository.update(
      clip.id,
      (c) => ({
        ...c,
        sizeBytes,
        durationS,
        video,
        endedAt: c.endedAt ?? (durationS !== null ? new Date(Date.parse(c.startedAt) + durationS * 1000).toISOString() : null),
      }),
      { type: 'clip_stored', data: { method, size_bytes: sizeBytes, ms: Math.round(performance.now() - started) } },
    );
    this.options.progress.clipStored(updated);
    jobs.stored(clip.id);
    const ms = Math.round(performance.now() - started);
    log.info({ event_type: 'intake.stored', clip_id: clip.id, camera: clip.camera, method, ms }, `clip ${clip.id} stored in ${ms} ms`);
    const written = this.addThumbnail(clip.id, thumbnail).catch((e: unknown) => {
      log.warn({ event_type: 'intake.thumbnail_not_recorded', clip_id: clip.id, err: e }, 'the thumbnail was not recorded');
    });
    this.thumbnails.set(clip.id, written);
    inBackground(
      written.finally(() => this.thumbnails.delete(clip.id)),
      log,
      `recording the thumbnail of ${clip.id}`,
    );
    this.options.onStored(clip.id);
    return ok(updated);
  }

  /** Resolves once the clip's thumbnail (made beside its stages) is in its record, or is known not to come. */
  thumbnailWritten(clipId: string): Promise<void> {
    return this.thumbnails.get(clipId) ?? Promise.resolve();
  }

  /** The thumbnail is written while the clip is already being detected; its path joins the clip's record when ready. */
  private async addThumbnail(clipId: string, thumbnail: Promise<string | null>): Promise<void> {
    const path = await thumbnail;
    if (path === null || this.options.repository.getLocal(clipId) === null) return;
    this.options.repository.update(clipId, (c) => ({ ...c, thumbnailPath: path }));
  }

  private fail(clipId: string, reason: string, sizeBytes?: number): void {
    const failed = this.options.repository.update(
      clipId,
      (c) => ({ ...c, status: 'failed', error: reason, sizeBytes: sizeBytes ?? c.sizeBytes }),
      { type: 'clip_failed', data: { reason } },
    );
    this.options.jobs.done(clipId);
    this.options.progress.clipFinished(failed);
  }
}

/** A source that only knows when the file was finished passes startedAt = endedAt: the probed duration gives the start. */
function startTime(incoming: IncomingClip, inspection: Inspection): Date {
  const { startedAt, endedAt } = incoming;
  const durationS = inspection.info?.durationS;
  if (endedAt && startedAt.getTime() >= endedAt.getTime() && durationS) {
    return new Date(endedAt.getTime() - durationS * 1000);
  }
  return startedAt;
}

function newClip(id: string, incoming: IncomingClip, startedAt: Date, mediaPath: string, eventId: string): Clip {
  const now = new Date().toISOString();
  const endedAt = incoming.endedAt && incoming.endedAt.getTime() > startedAt.getTime() ? incoming.endedAt.toISOString() : null;
  return {
    id,
    camera: incoming.camera,
    source: incoming.source,
    originalName: incoming.originalName,
    mediaPath,
    thumbnailPath: null,
    snapshotPath: null,
    startedAt: startedAt.toISOString(),
    endedAt,
    durationS: null,
    sizeBytes: 0,
    video: null,
    status: 'queued',
    stages: {},
    detection: null,
    analysis: null,
    alerted: false,
    offsite: null,
    notifications: {},
    eventId,
    cutShort: incoming.cutShort ?? false,
    error: null,
    createdAt: now,
    updatedAt: now,
  };
}
