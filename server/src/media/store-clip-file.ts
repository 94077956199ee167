import { copyFile, mkdir, rename, rm, stat, unlink } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { FfmpegTools } from './ffmpeg-tools.js';
import type { MediaInfo } from './probe-media.js';
import { ProcessError, runProcess } from './run-process.js';

const MP4_COMPATIBLE_VIDEO = new Set(['h264', 'hevc', 'av1', 'mpeg4']);

/** The codec of the stored MP4 for a source of this codec: kept when an MP4 holds it, else transcoded to H.264. */
export function storedVideoCodec(sourceCodec: string): string {
  return MP4_COMPATIBLE_VIDEO.has(sourceCodec) ? sourceCodec : 'h264';
}

export interface StoredFile {
  readonly sizeBytes: number;
  /** `moved` (same bytes), `remuxed` (new container, streams copied) or `transcoded` (last resort). */
  readonly method: 'moved' | 'remuxed' | 'transcoded';
  /** Why the source could not be removed after a conversion (it stays where it was), or null. */
  readonly sourceLeft: NodeJS.ErrnoException | null;
}

/**
 * Puts a clip into the media folder as an MP4. An MP4 is moved (or copied when `consume` is false);
 * another container is remuxed with the video stream copied and +faststart so browsers can seek at
 * once; a codec MP4 cannot hold is transcoded. Written to a temporary name, then renamed: a crash
 * never leaves a half file under the final name.
 */
export async function storeClipFile(
  tools: FfmpegTools,
  source: string,
  destination: string,
  info: MediaInfo,
  consume: boolean,
  signal?: AbortSignal,
): Promise<StoredFile> {
  await mkdir(dirname(destination), { recursive: true });
  const isMp4 = /(^|,)(mp4|mov)(,|$)/.test(info.container) && info.video !== null && MP4_COMPATIBLE_VIDEO.has(info.video.codec);
  let method: StoredFile['method'];
  let sourceLeft: NodeJS.ErrnoException | null = null;
  if (isMp4) {
    await moveOrCopy(source, destination, consume);
    method = 'moved';
  } else {
    method = await convertToMp4(tools, source, destination, info, signal);
    // The clip is stored: a source that cannot be removed is reported, not a failed store.
    if (consume)
      sourceLeft = await unlink(source).then(
        () => null,
        (e: unknown) => e as NodeJS.ErrnoException,
      );
  }
  return { sizeBytes: (await stat(destination)).size, method, sourceLeft };
}

async function moveOrCopy(source: string, destination: string, consume: boolean): Promise<void> {
  const temporary = `${destination}.part`;
  if (consume) {
    try {
      await rename(source, destination);
      return;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EXDEV') throw e;
    }
  }
  await copyFile(source, temporary);
  await rename(temporary, destination);
  if (consume) await unlink(source);
}

async function convertToMp4(
  tools: FfmpegTools,
  source: string,
  destination: string,
  info: MediaInfo,
  signal?: AbortSignal,
): Promise<'remuxed' | 'transcoded'> {
  const temporary = `${destination}.part.mp4`;
  const audio = info.audioCodec === 'aac' ? ['-c:a', 'copy'] : info.hasAudio ? ['-c:a', 'aac', '-b:a', '96k'] : ['-an'];
  const base = ['-hide_banner', '-loglevel', 'error', '-y', '-i', source, '-map', '0:v:0', '-map', '0:a:0?'];
  const options = { ...(signal ? { signal } : {}), timeoutMs: 10 * 60_000 };
  const canCopy = info.video !== null && MP4_COMPATIBLE_VIDEO.has(info.video.codec);
  try {
    if (canCopy) {
      await runProcess(tools.ffmpeg, [...base, '-c:v', 'copy', ...audio, '-movflags', '+faststart', temporary], options);
      await rename(temporary, destination);
      return 'remuxed';
    }
  } catch (e) {
    await rm(temporary, { force: true });
    // Killed or timed out is the machine's trouble, not the stream's: the caller tries the remux again.
    if (e instanceof ProcessError && e.transient) throw e;
  }
  await runProcess(
    tools.ffmpeg,
    [
      ...base,
      '-c:v',
      'libx264',
      '-preset',
      'veryfast',
      '-crf',
      '23',
      '-pix_fmt',
      'yuv420p',
      ...audio,
      '-movflags',
      '+faststart',
      temporary,
    ],
    options,
  ).catch(async (e: unknown) => {
    await rm(temporary, { force: true });
    throw e;
  });
  await rename(temporary, destination);
  return 'transcoded';
}
