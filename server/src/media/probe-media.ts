import { z } from 'zod';
import { HomesecError, InputError } from '../core/errors.js';
import type { FfmpegTools } from './ffmpeg-tools.js';
import { FfprobeStreamSchema, frameRate } from './ffprobe-output.js';
import { ProcessError, runProcess } from './run-process.js';

/** What HomeSec needs to know about a media file, parsed from ffprobe at the edge. */
export interface MediaInfo {
  readonly container: string;
  readonly durationS: number | null;
  readonly video: { readonly codec: string; readonly width: number; readonly height: number; readonly fps: number } | null;
  readonly hasAudio: boolean;
  readonly audioCodec: string | null;
}

const FfprobeSchema = z.object({
  format: z.object({ format_name: z.string(), duration: z.string().optional() }).optional(),
  streams: z.array(FfprobeStreamSchema).default([]),
});

/**
 * ffprobe could not look at the file at all (not installed, failed to start, timed out, killed from
 * outside): nothing is known about the file yet, so this is never its fault. Worth another try.
 */
export class MediaToolError extends HomesecError {}

/**
 * Probes a file. A file ffprobe cannot read (truncated, not media) is an InputError with ffprobe's
 * reason; ffprobe itself failing is a MediaToolError (retryable).
 */
export async function probeMedia(tools: FfmpegTools, path: string, signal?: AbortSignal, timeoutMs = 30_000): Promise<MediaInfo> {
  let stdout: Buffer;
  try {
    ({ stdout } = await runProcess(tools.ffprobe, ['-v', 'error', '-print_format', 'json', '-show_format', '-show_streams', path], {
      ...(signal ? { signal } : {}),
      timeoutMs,
      maxStdoutBytes: 4 * 1024 * 1024,
    }));
  } catch (e) {
    if (e instanceof ProcessError && e.transient) throw new MediaToolError(`ffprobe could not run: ${e.message}`, { cause: e });
    const detail = (e as { stderrTail?: string }).stderrTail?.split('\n').pop() || (e as Error).message;
    throw new InputError(`not a readable media file: ${detail}`, { cause: e });
  }
  let json: unknown;
  try {
    json = JSON.parse(stdout.toString('utf8'));
  } catch (e) {
    throw new InputError('not a readable media file: ffprobe gave no readable answer', { cause: e });
  }
  const parsed = FfprobeSchema.safeParse(json);
  if (!parsed.success || !parsed.data.format) throw new InputError('not a readable media file: ffprobe found no format');
  const video = parsed.data.streams.find((s) => s.codec_type === 'video' && s.width && s.height);
  const audio = parsed.data.streams.find((s) => s.codec_type === 'audio');
  const duration = Number(parsed.data.format.duration);
  return {
    container: parsed.data.format.format_name,
    durationS: Number.isFinite(duration) && duration > 0 ? duration : null,
    video:
      video && video.width && video.height
        ? {
            codec: video.codec_name ?? 'unknown',
            width: video.width,
            height: video.height,
            fps: frameRate(video.avg_frame_rate ?? video.r_frame_rate) ?? 0,
          }
        : null,
    hasAudio: audio !== undefined,
    audioCodec: audio?.codec_name ?? null,
  };
}
