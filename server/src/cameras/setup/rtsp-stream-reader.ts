import { z } from 'zod';
import { err, ok, type Result } from '../../core/result.js';
import type { FfmpegTools } from '../../media/ffmpeg-tools.js';
import { FfprobeStreamSchema, frameRate } from '../../media/ffprobe-output.js';
import { ProcessError, runProcess } from '../../media/run-process.js';
import { rtspInputArgs } from '../../sources/rtsp/stream/ffmpeg-process.js';
import { classifyRtspFailure, type ProbeFailure } from './probe-outcome.js';

/** What the wizard shows of a stream: codec, size and frame rate, as ffprobe reads them. */
export interface StreamFacts {
  readonly codec: string;
  readonly width: number | null;
  readonly height: number | null;
  readonly fps: number | null;
}

export interface StreamReadOptions {
  /** The socket timeout: a camera that says nothing for this long is given up on. */
  readonly socketTimeoutS: number;
  /** The whole run's limit (connect, DESCRIBE, one second of video). */
  readonly timeoutMs: number;
  /** The password, plain and percent-encoded, kept out of every message. */
  readonly secrets: readonly string[];
  readonly signal?: AbortSignal;
}

const FfprobeStreamsSchema = z.object({ streams: z.array(FfprobeStreamSchema).default([]) });

// One second of video is enough to know codec, size and rate; ffprobe's default five would make every
// found path cost five seconds. 2 MB holds a 4K key frame.
const QUICK_PROBE = ['-analyzeduration', '1000000', '-probesize', '2000000'];

/** Reads one RTSP stream's video with ffprobe (over TCP, as HomeSec records): its facts, or why it could not. */
export async function readRtspStream(
  tools: FfmpegTools,
  url: string,
  options: StreamReadOptions,
): Promise<Result<StreamFacts, ProbeFailure>> {
  const args = [
    '-v',
    'error',
    ...QUICK_PROBE,
    ...rtspInputArgs(url, 'tcp', options.socketTimeoutS),
    '-show_entries',
    'stream=codec_type,codec_name,width,height,avg_frame_rate,r_frame_rate',
    '-of',
    'json',
  ];
  let stdout: Buffer;
  try {
    ({ stdout } = await runProcess(tools.ffprobe, args, {
      timeoutMs: options.timeoutMs,
      maxStdoutBytes: 256 * 1024,
      ...signalOf(options),
    }));
  } catch (e) {
    return err(failureOf(e, options.secrets));
  }
  let parsed: z.infer<typeof FfprobeStreamsSchema>;
  try {
    parsed = FfprobeStreamsSchema.parse(JSON.parse(stdout.toString('utf8')));
  } catch {
    return err({ outcome: 'error', detail: 'ffprobe gave no readable answer' });
  }
  const video = parsed.streams.find((s) => s.codec_type === 'video');
  if (!video) return err({ outcome: 'error', detail: 'the camera answered with no video in the stream' });
  return ok({
    codec: video.codec_name ?? 'unknown',
    width: video.width ?? null,
    height: video.height ?? null,
    fps: shownRate(video.avg_frame_rate) ?? shownRate(video.r_frame_rate),
  });
}

/** One picture of the stream, about 320 px wide, as a `data:image/jpeg;base64,` URL; null when none came in time. */
export async function snapshotDataUrl(tools: FfmpegTools, url: string, options: StreamReadOptions): Promise<string | null> {
  const args = [
    '-nostdin',
    '-v',
    'error',
    ...QUICK_PROBE,
    ...rtspInputArgs(url, 'tcp', options.socketTimeoutS),
    '-frames:v',
    '1',
    '-vf',
    'scale=320:-2',
    '-f',
    'image2',
    '-c:v',
    'mjpeg',
    '-q:v',
    '5',
    'pipe:1',
  ];
  try {
    const { stdout } = await runProcess(tools.ffmpeg, args, {
      timeoutMs: options.timeoutMs,
      maxStdoutBytes: 2 * 1024 * 1024,
      ...signalOf(options),
    });
    // A JPEG starts with FF D8; anything else is not a picture to show.
    return stdout.length > 2 && stdout[0] === 0xff && stdout[1] === 0xd8 ? `data:image/jpeg;base64,${stdout.toString('base64')}` : null;
  } catch {
    return null;
  }
}

function failureOf(e: unknown, secrets: readonly string[]): ProbeFailure {
  if (e instanceof ProcessError) {
    if (e.kind === 'spawn_failed') return { outcome: 'error', detail: 'ffprobe could not run (is ffmpeg installed?)' };
    if (e.kind === 'aborted') return { outcome: 'timeout', detail: 'the probe was stopped' };
    return classifyRtspFailure(e.stderrTail, e.kind === 'timed_out', secrets);
  }
  return { outcome: 'error', detail: 'ffprobe failed' };
}

function signalOf(options: StreamReadOptions): { signal?: AbortSignal } {
  return options.signal ? { signal: options.signal } : {};
}

/** The rate as the wizard shows it: "30000/1001" -> 29.97; none, or an implausible one (a time base), -> null. */
function shownRate(text: string | undefined): number | null {
  const rate = frameRate(text);
  return rate !== null && rate < 1000 ? Math.round(rate * 100) / 100 : null;
}
