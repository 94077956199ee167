import { rename, rm, stat } from 'node:fs/promises';
import { posix } from 'node:path';
import type { CameraEvent } from '../core/camera-event.js';
import type { Clip } from '../core/clip.js';
import type { Logger } from '../core/logger.js';
import type { FfmpegTools } from './ffmpeg-tools.js';
import type { JobPriority, MediaJobQueue } from './media-job-queue.js';
import { findMediaFile, mediaFileExistsSync, resolveInside, type MediaFile } from './media-paths.js';
import { runProcess } from './run-process.js';
import { storedVideoCodec } from './store-clip-file.js';
import { browsersPlay, probeVideoCodec } from './video-codec.js';

/** Seconds of the hover preview, and how long before the first detection it starts. */
export const PREVIEW_SECONDS = 4;
const PREVIEW_LEAD_S = 1;
const TRANSCODE_TIMEOUT_MS = 15 * 60_000;
/** Previews and copies wait for recording and detection when the CPU is busy. */
const RENDITION_NICENESS = 10;
const REMEMBERED = 2000;

export type RenditionClip = Pick<Clip, 'id' | 'mediaPath'>;

export interface ClipRenditionsOptions {
  readonly root: string;
  readonly tools: FfmpegTools;
  readonly jobs: MediaJobQueue;
  readonly log: Logger;
  /** Told the size of each file made, for the media folder's byte count. */
  readonly onFileMade?: (bytes: number) => void;
}

/**
 * Files made from a stored clip, kept beside it (`<id>.h264.mp4`, `<id>.preview.mp4`: same id prefix, so
 * retention and the inventory count them with the clip): a browser-playable H.264 copy when the stored
 * codec is not one browsers play, and a short, small preview from the first detection. Each is made
 * once, on the one media job queue at a lower CPU priority; the original is never touched.
 */
export class ClipRenditions {
  /** Whether browsers play a stored file, by path and modification time (probing costs a process). */
  private readonly playableByFile = new Map<string, boolean>();

  constructor(private readonly options: ClipRenditionsOptions) {}

  /** The files made from a clip, relative to the media folder (for deleting them with it). */
  pathsOf(clip: RenditionClip): string[] {
    return [siblingOf(clip, 'h264.mp4'), siblingOf(clip, 'preview.mp4')];
  }

  /** The file to play: the original when browsers play it, else its H.264 rendition (made now if needed). Null: no video. */
  async playable(clip: RenditionClip, priority: JobPriority): Promise<MediaFile | null> {
    const original = await findMediaFile(this.options.root, clip.mediaPath);
    if (!original) return null;
    if (await this.browsersPlay(original)) return original;
    const relative = siblingOf(clip, 'h264.mp4');
    const made = await findMediaFile(this.options.root, relative);
    if (made) return made;
    await this.options.jobs.run(`playable:${clip.id}`, priority, (signal) => this.transcode(original.path, relative, signal));
    return findMediaFile(this.options.root, relative);
  }

  /**
   * The same as `playable`, as a path relative to the media folder (for links into Home Assistant's media
   * browser): the clip's own path, or its copy's. Null: no video.
   */
  async playablePath(clip: RenditionClip, priority: JobPriority): Promise<string | null> {
    const file = await this.playable(clip, priority);
    if (!file) return null;
    return file.path.endsWith(`${clip.id}.h264.mp4`) ? siblingOf(clip, 'h264.mp4') : clip.mediaPath;
  }

  /**
   * The playable file of a clip as it is now, relative to the media folder, without probing or making
   * anything (an alert message is built inside one synchronous write): its H.264 copy once made, else the
   * clip itself when its record says it is stored as H.264 (recorded so, or transcoded when stored).
   * Null: no H.264 file yet (an H.265 clip before its copy is made) or no video. The record does not keep
   * the pixel format, so a rare 10-bit H.264 camera's clip counts as playable here.
   */
  playablePathNow(clip: RenditionClip & Pick<Clip, 'video'>): string | null {
    const copy = siblingOf(clip, 'h264.mp4');
    if (mediaFileExistsSync(this.options.root, copy)) return copy;
    const storedAsH264 = clip.video !== null && storedVideoCodec(clip.video.codec) === 'h264';
    return storedAsH264 && mediaFileExistsSync(this.options.root, clip.mediaPath) ? clip.mediaPath : null;
  }

  /** The clip's hover preview from `startS` seconds in (made now if needed); null when the clip has no video. */
  async preview(clip: RenditionClip, startS: number, priority: JobPriority): Promise<MediaFile | null> {
    const relative = siblingOf(clip, 'preview.mp4');
    const made = await findMediaFile(this.options.root, relative);
    if (made) return made;
    const original = await findMediaFile(this.options.root, clip.mediaPath);
    if (!original) return null;
    await this.options.jobs.run(`preview:${clip.id}`, priority, (signal) => this.makePreview(original.path, relative, startS, signal));
    return findMediaFile(this.options.root, relative);
  }

  private async browsersPlay(file: MediaFile): Promise<boolean> {
    const key = `${file.path}:${file.mtime.getTime()}`;
    const known = this.playableByFile.get(key);
    if (known !== undefined) return known;
    let plays: boolean;
    try {
      const video = await probeVideoCodec(this.options.tools, file.path);
      // Nothing ffprobe can read will transcode either: hand the browser the original.
      plays = video === null || browsersPlay(video);
    } catch (e) {
      this.options.log.warn(
        { event_type: 'media.codec_probe_failed', path: file.path, err: e },
        'could not read the codec; sending the original',
      );
      return true;
    }
    if (this.playableByFile.size >= REMEMBERED) this.playableByFile.clear();
    this.playableByFile.set(key, plays);
    return plays;
  }

  private async transcode(source: string, relative: string, signal: AbortSignal): Promise<void> {
    await this.ffmpeg(
      relative,
      (out) => [
        '-i',
        source,
        '-map',
        '0:v:0',
        '-map',
        '0:a:0?',
        '-vf',
        'scale=trunc(iw/2)*2:trunc(ih/2)*2',
        '-c:v',
        'libx264',
        '-preset',
        'veryfast',
        '-crf',
        '23',
        '-pix_fmt',
        'yuv420p',
        '-threads',
        '2',
        '-c:a',
        'aac',
        '-b:a',
        '96k',
        '-movflags',
        '+faststart',
        out,
      ],
      signal,
    );
    this.options.log.info({ event_type: 'media.rendition_made', path: relative }, 'browser-playable copy made');
  }

  private async makePreview(source: string, relative: string, startS: number, signal: AbortSignal): Promise<void> {
    await this.ffmpeg(
      relative,
      (out) => [
        '-ss',
        Math.max(0, startS).toFixed(2),
        '-t',
        String(PREVIEW_SECONDS),
        '-i',
        source,
        '-map',
        '0:v:0',
        '-an',
        '-vf',
        'fps=12,scale=480:-2',
        '-c:v',
        'libx264',
        '-preset',
        'veryfast',
        '-crf',
        '30',
        '-pix_fmt',
        'yuv420p',
        '-threads',
        '1',
        '-movflags',
        '+faststart',
        out,
      ],
      signal,
    );
  }

  /** Runs ffmpeg into a temporary name beside the target, then renames: a half file never has the final name. */
  private async ffmpeg(relative: string, args: (output: string) => string[], signal: AbortSignal): Promise<void> {
    const target = resolveInside(this.options.root, relative);
    const temporary = `${target}.part.mp4`;
    try {
      await runProcess(this.options.tools.ffmpeg, ['-hide_banner', '-loglevel', 'error', '-y', ...args(temporary)], {
        signal,
        timeoutMs: TRANSCODE_TIMEOUT_MS,
        niceness: RENDITION_NICENESS,
      });
      await rename(temporary, target);
      this.options.onFileMade?.((await stat(target)).size);
    } catch (e) {
      await rm(temporary, { force: true });
      throw e;
    }
  }
}

/** Where an event's preview starts in a clip: a second before the first detection, or the clip's start. */
export function previewStart(event: Pick<CameraEvent, 'triggeredAt' | 'moments'>, clip: Pick<Clip, 'startedAt' | 'durationS'>): number {
  const first = event.triggeredAt ?? event.moments[0]?.at ?? null;
  if (first === null) return 0;
  const offset = (Date.parse(first) - Date.parse(clip.startedAt)) / 1000 - PREVIEW_LEAD_S;
  const latest = clip.durationS !== null ? Math.max(0, clip.durationS - PREVIEW_SECONDS) : offset;
  return Math.max(0, Math.min(offset, latest));
}

/** The clip of an event that holds its first detection (else its first clip). */
export function clipAtDetection<C extends Pick<Clip, 'startedAt'>>(event: Pick<CameraEvent, 'triggeredAt'>, clips: readonly C[]): C | null {
  const at = event.triggeredAt ? Date.parse(event.triggeredAt) : null;
  const started = at === null ? [] : clips.filter((c) => Date.parse(c.startedAt) <= at);
  return started[started.length - 1] ?? clips[0] ?? null;
}

function siblingOf(clip: RenditionClip, suffix: string): string {
  return posix.join(posix.dirname(clip.mediaPath), `${clip.id}.${suffix}`);
}
