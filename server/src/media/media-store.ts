import { accessSync, constants, mkdirSync } from 'node:fs';
import { copyFile, mkdir, readdir, rm, rmdir, stat, unlink, writeFile } from 'node:fs/promises';
import { dirname, extname } from 'node:path';
import type { Clip } from '../core/clip.js';
import type { SignalBus } from '../core/signal-bus.js';
import type { HealthCheck } from '../core/bus-signals.js';
import type { Part } from '../core/lifecycle.js';
import type { OffsiteStorage } from '../core/offsite-storage.js';
import { ok, toError, type Result } from '../core/result.js';
import type { Failure } from '../core/failure.js';
import type { Logger } from '../core/logger.js';
import type { FfmpegTools } from './ffmpeg-tools.js';
import { inventoryMedia, unreadableLogger, type StoredClipFiles } from './media-inventory.js';
import { clipFilePaths, type ClipFilePaths } from './media-layout.js';
import { findMediaFile, resolveInside, type MediaFile } from './media-paths.js';
import { MediaUsage } from './media-usage.js';
import { makeThumbnail } from './make-thumbnail.js';
import { MediaToolError, probeMedia, type MediaInfo } from './probe-media.js';
import { abortableDelay } from '../runtime/abortable-delay.js';
import { backoffDelay, type BackoffPolicy } from '../runtime/backoff.js';
import { storeAsIs } from './store-as-is.js';
import { ClipRenditions } from './clip-renditions.js';
import { MediaJobQueue } from './media-job-queue.js';
import { storeClipFile } from './store-clip-file.js';
import { ProcessError } from './run-process.js';
import { writeSnapshot, type SnapshotBox } from './snapshot-writer.js';

const OFFSITE_DELETE_TIMEOUT_MS = 60_000;

export interface MediaStoreOptions {
  readonly root: string;
  readonly tools: FfmpegTools;
  /** The off-site copy (null without one): deleting a clip removes its copy there too. */
  readonly offsite: OffsiteStorage | null;
  readonly bus: SignalBus;
  readonly log: Logger;
}

/**
 * What looking at an incoming file found: its media info, or why it cannot be a clip. `retryable`: ffprobe
 * itself could not run (missing, timed out, killed), so nothing is known about the file yet.
 */
export type Inspection =
  { readonly info: MediaInfo; readonly problem: null } | { readonly info: null; readonly problem: string; readonly retryable?: boolean };

/** Probe attempts when ffprobe itself fails (spawn failure, timeout, killed), with these waits between them. */
const PROBE_ATTEMPTS = 3;
const PROBE_RETRY: BackoffPolicy = { initialMs: 500, maxMs: 5000 };

/** Where a new clip goes and what it is made from. */
export interface StoreRequest {
  readonly sourcePath: string;
  readonly camera: string;
  readonly clipId: string;
  readonly startedAt: Date;
  /** The video's path in the layout (the clip record holds it already). */
  readonly mediaPath: string;
  readonly inspection: Inspection;
  /** Move (true) or copy (false) the source file. */
  readonly consume: boolean;
}

/** The stored clip's facts, for its record. */
export type StoredClip =
  | {
      readonly kind: 'stored';
      readonly sizeBytes: number;
      readonly durationS: number | null;
      readonly video: NonNullable<MediaInfo['video']>;
      /**
       * The thumbnail's path once it is written (null when it could not be): it is made beside detection,
       * not before it, so it costs the first alert nothing. Never rejects.
       */
      readonly thumbnail: Promise<string | null>;
      /** `moved`, `remuxed` or `transcoded`. */
      readonly method: string;
    }
  /** Not a usable clip: kept in the media folder exactly as it came, as evidence, with the reason. */
  | { readonly kind: 'kept_as_is'; readonly sizeBytes: number; readonly problem: string };

export interface DeletedFiles {
  readonly bytes: number;
  readonly files: number;
  readonly offsiteRemoved: boolean;
}

/**
 * The owner of the media folder: its layout, path safety, storing a clip (probe, remux, thumbnail),
 * deleting a clip's files here and off-site, and the byte count the dashboard and retention share.
 * Nothing else writes or deletes under the media folder.
 */
export class MediaStore implements Part {
  readonly name = 'media';
  readonly usage: MediaUsage;
  /** Previews and browser-playable copies beside the clips, made one ffmpeg at a time. */
  readonly renditions: ClipRenditions;
  private readonly jobs = new MediaJobQueue();

  constructor(private readonly options: MediaStoreOptions) {
    this.usage = new MediaUsage(options.root, options.bus, options.log);
    this.renditions = new ClipRenditions({
      root: options.root,
      tools: options.tools,
      jobs: this.jobs,
      log: options.log,
      onFileMade: (bytes) => this.usage.adjust(bytes, 1),
    });
  }

  get root(): string {
    return this.options.root;
  }

  /** P0: a media folder that cannot be written stops start-up with one clear message. */
  start(): void {
    try {
      mkdirSync(this.root, { recursive: true });
      accessSync(this.root, constants.W_OK);
    } catch (e) {
      throw new Error(`media_dir: ${this.root} is not a writable folder (${(e as NodeJS.ErrnoException).code ?? toError(e).message})`, {
        cause: e,
      });
    }
    this.usage.start();
  }

  stop(): Promise<void> {
    this.jobs.stop();
    return this.usage.stop();
  }

  health(): HealthCheck {
    try {
      accessSync(this.root, constants.W_OK);
      return { status: 'healthy', message: this.root };
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code ?? 'error';
      return { status: 'unhealthy', message: `${this.root} is not writable (${code}): clips cannot be stored` };
    }
  }

  pathsFor(camera: string, startedAt: Date, clipId: string, videoExtension = 'mp4'): ClipFilePaths {
    return clipFilePaths(camera, startedAt, clipId, videoExtension);
  }

  /** Absolute path of a stored relative path; throws for anything that would leave the media folder. */
  resolve(relativePath: string): string {
    return resolveInside(this.root, relativePath);
  }

  /** The stored file for a clip's relative path, or null (missing, outside the folder, a symlink out). */
  find(relativePath: string | null): Promise<MediaFile | null> {
    return findMediaFile(this.root, relativePath);
  }

  /**
   * Probes an incoming file: everything intake needs to decide its start time and how to store it. When
   * ffprobe itself fails (not the file), it is tried again with backoff; still failing, the answer says
   * `retryable` so the clip is not failed for good.
   */
  async inspect(path: string, signal?: AbortSignal): Promise<Inspection> {
    for (let attempt = 1; ; attempt++) {
      try {
        const size = (await stat(path)).size;
        if (size === 0) return { info: null, problem: 'empty file (0 bytes)' };
        const info = await probeMedia(this.options.tools, path, signal);
        if (!info.video) return { info: null, problem: 'no video stream in the file' };
        return { info, problem: null };
      } catch (e) {
        if (!(e instanceof MediaToolError)) return { info: null, problem: toError(e).message };
        if (attempt >= PROBE_ATTEMPTS || signal?.aborted) return { info: null, problem: e.message, retryable: true };
        const waitMs = backoffDelay(attempt, PROBE_RETRY);
        this.options.log.warn(
          { event_type: 'media.probe_retry', path, attempt, wait_ms: waitMs, err: e },
          `ffprobe failed (not the file's fault); trying again in ${waitMs} ms`,
        );
        await abortableDelay(waitMs, signal ?? new AbortController().signal);
      }
    }
  }

  /**
   * Puts an incoming file into the layout (moved, remuxed or kept as it came) and starts its thumbnail.
   * Throws only when the media folder itself fails (full, not writable): the caller records that.
   */
  async store(request: StoreRequest, signal?: AbortSignal): Promise<StoredClip> {
    const destination = this.resolve(request.mediaPath);
    const { inspection } = request;
    if (inspection.problem !== null || request.sourcePath === destination) {
      const sizeBytes = await storeAsIs(request.sourcePath, destination, request.consume);
      if (inspection.problem !== null) return { kind: 'kept_as_is', sizeBytes, problem: inspection.problem };
      return this.finish(request, inspection.info, sizeBytes, 'kept', signal);
    }
    const stored = await this.remuxWithRetries(request, destination, inspection.info, signal);
    if (stored.sourceLeft)
      this.options.log.warn(
        { event_type: 'media.source_left', clip_id: request.clipId, path: request.sourcePath, code: stored.sourceLeft.code ?? null },
        `clip ${request.clipId} is stored, but its source ${request.sourcePath} could not be removed (${stored.sourceLeft.code ?? stored.sourceLeft.message})`,
      );
    return this.finish(request, inspection.info, stored.sizeBytes, stored.method, signal);
  }

  /** A remux or transcode whose ffmpeg failed for the machine's reasons (killed, timed out, not started) is tried again with backoff. */
  private async remuxWithRetries(request: StoreRequest, destination: string, info: MediaInfo, signal?: AbortSignal) {
    for (let attempt = 1; ; attempt++) {
      try {
        return await storeClipFile(this.options.tools, request.sourcePath, destination, info, request.consume, signal);
      } catch (e) {
        if (!(e instanceof ProcessError && e.transient) || attempt >= PROBE_ATTEMPTS || signal?.aborted) throw e;
        const waitMs = backoffDelay(attempt, PROBE_RETRY);
        this.options.log.warn(
          { event_type: 'media.store_retry', clip_id: request.clipId, attempt, wait_ms: waitMs, err: e },
          `ffmpeg failed storing clip ${request.clipId} (not the file's fault); trying again in ${waitMs} ms`,
        );
        await abortableDelay(waitMs, signal ?? new AbortController().signal);
      }
    }
  }

  /** The extension a file that is not a usable clip keeps: its own when plain, else `bin` (names from cameras are untrusted). */
  keptExtension(originalName: string): string {
    const ext = extname(originalName).slice(1).toLowerCase();
    return /^[a-z0-9]{1,8}$/.test(ext) ? ext : 'bin';
  }

  /**
   * Removes a clip's files: the off-site copy first (when asked and there is one; a refusal there keeps
   * everything, so nothing is left orphaned off-site), then the local files.
   */
  async deleteClip(clip: Clip, options: { readonly offsite: boolean; readonly signal?: AbortSignal }): Promise<DeletedFiles> {
    let offsiteRemoved = false;
    const offsite = this.options.offsite;
    if (options.offsite && clip.offsite && offsite) {
      // Copies are put at the clip's media path under the backend's root (offsite.path is the full remote path).
      const removed = await offsite.remove(clip.mediaPath, options.signal ?? AbortSignal.timeout(OFFSITE_DELETE_TIMEOUT_MS));
      if (!removed.ok) throw new Error(`off-site copy not removed: ${removed.error.reason}`);
      offsiteRemoved = true;
    }
    const files = [clip.mediaPath, clip.thumbnailPath, clip.snapshotPath, ...this.renditions.pathsOf(clip)];
    const local = await this.deleteLocalFiles(files).catch((e: unknown) => {
      throw new Error(`local files not removed: ${toError(e).message}`, { cause: e });
    });
    return { ...local, offsiteRemoved };
  }

  /** Whether clips get an off-site copy (one to remove when a clip goes). */
  get hasOffsite(): boolean {
    return this.options.offsite !== null;
  }

  /**
   * Removes only the off-site copy at a clip's media path: a retry after a failed removal, or a clip whose
   * record cannot be read (the copy is put at the clip's media path, so the path alone finds it; a copy
   * that is not there is success).
   */
  async deleteOffsiteCopy(mediaPath: string, signal?: AbortSignal): Promise<Result<void, Failure>> {
    const offsite = this.options.offsite;
    if (!offsite) return ok(undefined);
    return offsite.remove(mediaPath, signal ?? AbortSignal.timeout(OFFSITE_DELETE_TIMEOUT_MS));
  }

  /**
   * The picture of a live event: a frame the live detector looked at, with its boxes drawn, at the
   * event's snapshot path (beside its clips). Rewritten as better frames come; returns the path.
   */
  async writeLiveSnapshot(
    camera: string,
    eventId: string,
    startedAt: Date,
    frame: { readonly jpeg: Buffer; readonly width: number; readonly height: number; readonly boxes: readonly SnapshotBox[] },
  ): Promise<string> {
    const relative = this.pathsFor(camera, startedAt, eventId).snapshot;
    const target = this.resolve(relative);
    await mkdir(dirname(target), { recursive: true });
    const source = `${target}.frame.jpg`;
    try {
      await writeFile(source, frame.jpeg);
      await writeSnapshot(this.options.tools, {
        source,
        t: 0,
        still: true,
        frameWidth: frame.width,
        frameHeight: frame.height,
        boxes: frame.boxes,
        outPath: target,
      });
    } finally {
      await rm(source, { force: true });
    }
    return relative;
  }

  /** Copies a snapshot made elsewhere (a cleanup re-check) to the clip's snapshot path; returns that path. */
  async putSnapshot(clip: Clip, file: string): Promise<string> {
    const relative = clip.snapshotPath ?? this.pathsFor(clip.camera, new Date(clip.startedAt), clip.id).snapshot;
    const target = this.resolve(relative);
    await mkdir(dirname(target), { recursive: true });
    await copyFile(file, target);
    return relative;
  }

  /** Every clip's files, from the folder itself: the truth with or without a database. Unreadable folders are logged, once per walk each. */
  inventory(): Promise<StoredClipFiles[]> {
    return inventoryMedia(this.root, unreadableLogger(this.options.log));
  }

  /** Removes the files of one inventory entry (retention) and its day folder when that is now empty. */
  async deleteStoredFiles(clip: StoredClipFiles): Promise<void> {
    for (const file of clip.files) await rm(this.resolve(file), { force: true });
    this.usage.adjust(-clip.bytes, -clip.files.length);
    const first = clip.files[0];
    if (first === undefined) return;
    const dayDir = this.resolve(dirname(first));
    await this.removeIfEmpty(dayDir);
  }

  /** Removes an emptied day folder; one that is not empty (a clip arrived meanwhile) or already gone stays as it is. */
  private async removeIfEmpty(dir: string): Promise<void> {
    try {
      if ((await readdir(dir)).length === 0) await rmdir(dir);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code === 'ENOENT' || code === 'ENOTEMPTY' || code === 'EEXIST') return;
      this.options.log.warn(
        { event_type: 'media.folder_not_removed', path: dir, code: code ?? null, err: e },
        `could not remove the empty folder ${dir} (${code ?? (e as Error).message})`,
      );
    }
  }

  private async deleteLocalFiles(paths: readonly (string | null)[]): Promise<{ bytes: number; files: number }> {
    let bytes = 0;
    let files = 0;
    for (const path of new Set(paths)) {
      const file = await this.find(path);
      if (!file) continue;
      try {
        await unlink(file.path);
        bytes += file.size;
        files += 1;
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
      }
    }
    this.usage.adjust(-bytes, -files);
    return { bytes, files };
  }

  private async finish(
    request: StoreRequest,
    info: MediaInfo,
    sizeBytes: number,
    method: string,
    signal?: AbortSignal,
  ): Promise<StoredClip> {
    const video = info.video;
    if (!video) return { kind: 'kept_as_is', sizeBytes, problem: 'no video stream in the file' };
    const thumbnail = this.thumbnail(request, info.durationS, signal);
    return { kind: 'stored', sizeBytes, durationS: info.durationS, video, thumbnail, method };
  }

  /** A thumbnail is a nicety: a failure is logged and the clip is stored without one. */
  private async thumbnail(request: StoreRequest, durationS: number | null, signal?: AbortSignal): Promise<string | null> {
    const relative = this.pathsFor(request.camera, request.startedAt, request.clipId).thumbnail;
    try {
      await makeThumbnail(this.options.tools, this.resolve(request.mediaPath), this.resolve(relative), durationS, signal);
      return relative;
    } catch (e) {
      this.options.log.warn({ event_type: 'intake.thumbnail_failed', clip_id: request.clipId, err: e }, 'thumbnail failed');
      return null;
    }
  }
}
