import { mkdir, rename } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { FfmpegTools } from './ffmpeg-tools.js';
import { runProcess } from './run-process.js';

const THUMBNAIL_NICENESS = 10;

/** A small JPEG from early in the clip (1 s in, or the middle of a shorter clip) for lists. */
export async function makeThumbnail(
  tools: FfmpegTools,
  video: string,
  destination: string,
  durationS: number | null,
  signal?: AbortSignal,
): Promise<void> {
  await mkdir(dirname(destination), { recursive: true });
  const at = durationS !== null ? Math.min(1, durationS / 2) : 0;
  const temporary = `${destination}.part.jpg`;
  await runProcess(
    tools.ffmpeg,
    [
      '-hide_banner',
      '-loglevel',
      'error',
      '-y',
      '-ss',
      at.toFixed(2),
      '-i',
      video,
      '-frames:v',
      '1',
      '-vf',
      'scale=320:-2',
      '-q:v',
      '5',
      temporary,
    ],
    // Made beside the clip's detection: at nice 10 it never slows the first alert down.
    { ...(signal ? { signal } : {}), timeoutMs: 60_000, niceness: THUMBNAIL_NICENESS },
  );
  await rename(temporary, destination);
}
