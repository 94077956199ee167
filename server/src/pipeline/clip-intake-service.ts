import { existsSync } from 'node:fs';
import { stat } from 'node:fs/promises';
import { extname } from 'node:path';
import type { ClipIntake, IncomingClip } from '../core/clip-intake.js';
import type { Clip } from '../core/clip.js';
import { ClipRejectedError, InputError } from '../core/errors.js';
import { err, ok, toError, type Result } from '../core/result.js';
import type { Logger } from '../logging/logger.js';
import type { FfmpegTools } from '../media/ffmpeg-tools.js';
import { makeThumbnail } from '../media/make-thumbnail.js';
import type { MediaLibrary } from '../media/media-library.js';
import { probeMedia, type MediaInfo } from '../media/probe-media.js';
import { storeClipFile } from '../media/store-clip-file.js';
import type { ClipRepository } from '../store/clip-repository.js';
import { newClipId } from './clip-id.js';
import type { PipelineJob, PipelineJobs } from './pipeline-jobs.js';
import { Semaphore } from './semaphore.js';
import { storeAsIs } from './store-as-is.js';

export interface ClipIntakeServiceOptions {
  readonly cameras: ReadonlySet<string>;
  readonly repository: ClipRepository;
  readonly jobs: PipelineJobs;
  readonly library: MediaLibrary;
  readonly tools: FfmpegTools;
  /** Runs fn in one local-database transaction (clip record and queue row together). */
  readonly transaction: <T>(fn: () => T) => T;
  /** Called once a clip is safely stored and queued: the pipeline may start on it. */
  readonly onStored: (clipId: string) => void;
  /** Files probed and stored at the same time: a burst of clips waits here instead of spawning ffmpeg for each. */
  readonly workers: number;
  readonly log: Logger;
}

/** What inspecting an incoming file found: its media info, or why it cannot be a clip. */
type Inspection = { readonly info: MediaInfo; readonly problem: null } | { readonly info: null; readonly problem: string };

/**
 * P0 intake: records the clip and its queue row, then moves the file into the media folder, before
 * anything that needs the network or the clip store. Bad files become failed clips with a reason
 * and are kept in the media folder as they came.
 */
export class ClipIntakeService implements ClipIntake {
  private readonly slots: Semaphore;

  constructor(private readonly options: ClipIntakeServiceOptions) {
    this.slots = new Semaphore(options.workers);
  }

  async accept(incoming: IncomingClip): Promise<Result<Clip, Error>> {
    const release = await this.slots.acquire();
    try {
      return await this.take(incoming);
    } finally {
      release();
    }
  }

  private async take(incoming: IncomingClip): Promise<Result<Clip, Error>> {
    const { cameras, repository, jobs, library, transaction } = this.options;
    if (!cameras.has(incoming.camera)) return err(new InputError(`unknown camera "${incoming.camera}"`));
    if (!existsSync(incoming.path)) return err(new InputError(`${incoming.originalName}: file vanished before it was taken`));

    const inspection = await this.inspect(incoming.path);
    const startedAt = startTime(incoming, inspection.info);
    const id = newClipId(incoming.camera, startedAt);
    const extension = inspection.problem ? safeExtension(incoming.originalName) : 'mp4';
    const paths = library.pathsFor(incoming.camera, startedAt, id, extension);
    const clip = newClip(id, incoming, startedAt, paths.video);
    transaction(() => {
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
    const destination = this.options.library.resolve(clip.mediaPath);
    const source = existsSync(job.sourcePath) ? job.sourcePath : existsSync(destination) ? destination : null;
    if (source === null) {
      this.fail(job.clipId, 'the file vanished before it was stored');
      return;
    }
    const inspection = await this.inspect(source);
    await this.store({ ...job, sourcePath: source, consume: job.consume || source === destination }, inspection);
  }

  private async store(job: PipelineJob, inspection: Inspection): Promise<Result<Clip, Error>> {
    const { repository, library, tools, jobs, log } = this.options;
    const clip = repository.getLocal(job.clipId);
    if (!clip || job.sourcePath === null) return err(new Error(`clip ${job.clipId} is not queued`));
    const destination = library.resolve(clip.mediaPath);
    const started = performance.now();
    let sizeBytes: number;
    let method: string;
    try {
      if (inspection.problem !== null || job.sourcePath === destination) {
        sizeBytes = await storeAsIs(job.sourcePath, destination, job.consume);
        method = 'kept';
      } else {
        ({ sizeBytes, method } = await storeClipFile(tools, job.sourcePath, destination, inspection.info, job.consume));
      }
    } catch (e) {
      const reason = `could not store the clip in the media folder: ${toError(e).message}`;
      log.error({ event_type: 'intake.store_failed', clip_id: clip.id, camera: clip.camera, err: e }, reason);
      this.fail(clip.id, reason);
      return err(new Error(reason, { cause: e }));
    }
    if (inspection.problem !== null) {
      log.warn(
        { event_type: 'intake.bad_file', clip_id: clip.id, camera: clip.camera, problem: inspection.problem },
        `not a usable clip: ${inspection.problem}`,
      );
      this.fail(clip.id, inspection.problem, sizeBytes);
      return err(new ClipRejectedError(`${clip.originalName}: ${inspection.problem}`, clip.id));
    }
    const thumbnailPath = await this.thumbnail(clip, destination, inspection.info.durationS);
    const stored = repository.update(
      clip.id,
      (c) => ({
        ...c,
        sizeBytes,
        durationS: inspection.info.durationS,
        video: inspection.info.video,
        thumbnailPath,
        endedAt:
          c.endedAt ??
          (inspection.info.durationS !== null ? new Date(Date.parse(c.startedAt) + inspection.info.durationS * 1000).toISOString() : null),
      }),
      { type: 'clip_stored', data: { method, size_bytes: sizeBytes, ms: Math.round(performance.now() - started) } },
    );
    jobs.stored(clip.id);
    log.info({ event_type: 'intake.stored', clip_id: clip.id, camera: clip.camera, method }, `clip ${clip.id} stored`);
    this.options.onStored(clip.id);
    return ok(stored);
  }

  private async inspect(path: string): Promise<Inspection> {
    try {
      const size = (await stat(path)).size;
      if (size === 0) return { info: null, problem: 'empty file (0 bytes)' };
      const info = await probeMedia(this.options.tools, path);
      if (!info.video) return { info: null, problem: 'no video stream in the file' };
      return { info, problem: null };
    } catch (e) {
      return { info: null, problem: toError(e).message };
    }
  }

  private async thumbnail(clip: Clip, video: string, durationS: number | null): Promise<string | null> {
    const relative = this.options.library.pathsFor(clip.camera, new Date(clip.startedAt), clip.id).thumbnail;
    try {
      await makeThumbnail(this.options.tools, video, this.options.library.resolve(relative), durationS);
      return relative;
    } catch (e) {
      this.options.log.warn({ event_type: 'intake.thumbnail_failed', clip_id: clip.id, err: e }, 'thumbnail failed');
      return null;
    }
  }

  private fail(clipId: string, reason: string, sizeBytes?: number): void {
    this.options.repository.update(clipId, (c) => ({ ...c, status: 'failed', error: reason, sizeBytes: sizeBytes ?? c.sizeBytes }), {
      type: 'clip_failed',
      data: { reason },
    });
    this.options.jobs.done(clipId);
  }
}

function startTime(incoming: IncomingClip, info: MediaInfo | null): Date {
  const { startedAt, endedAt } = incoming;
  if (endedAt && startedAt.getTime() >= endedAt.getTime() && info?.durationS) {
    return new Date(endedAt.getTime() - info.durationS * 1000);
  }
  return startedAt;
}

function newClip(id: string, incoming: IncomingClip, startedAt: Date, mediaPath: string): Clip {
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
    decision: null,
    offsite: null,
    notifications: {},
    error: null,
    createdAt: now,
    updatedAt: now,
  };
}

/** The original extension when it is plain (letters and digits), else `bin`: names from cameras are untrusted. */
function safeExtension(name: string): string {
  const ext = extname(name).slice(1).toLowerCase();
  return /^[a-z0-9]{1,8}$/.test(ext) ? ext : 'bin';
}
