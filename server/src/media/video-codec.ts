import { z } from 'zod';
import type { FfmpegTools } from './ffmpeg-tools.js';
import { runProcess } from './run-process.js';

/** The first video stream's codec and pixel format, as ffprobe names them. */
export interface VideoCodec {
  readonly codec: string;
  readonly pixelFormat: string | null;
}

const StreamsSchema = z.object({
  streams: z.array(z.object({ codec_name: z.string().optional(), pix_fmt: z.string().optional() })).default([]),
});

/** Reads the stored file's own codec (a clip record keeps what the camera sent, which intake may have changed). */
export async function probeVideoCodec(tools: FfmpegTools, path: string, signal?: AbortSignal): Promise<VideoCodec | null> {
  const { stdout } = await runProcess(
    tools.ffprobe,
    ['-v', 'error', '-select_streams', 'v:0', '-show_entries', 'stream=codec_name,pix_fmt', '-of', 'json', path],
    { ...(signal ? { signal } : {}), timeoutMs: 30_000, maxStdoutBytes: 64 * 1024 },
  );
  const stream = StreamsSchema.parse(JSON.parse(stdout.toString('utf8'))).streams[0];
  return stream?.codec_name ? { codec: stream.codec_name, pixelFormat: stream.pix_fmt ?? null } : null;
}

const EIGHT_BIT_420 = new Set(['yuv420p', 'yuvj420p']);

/**
 * Whether every browser the dashboard meets (Chromium, the HA companion apps' web views, Safari) plays it
 * in an MP4: H.264 in 8-bit 4:2:0 does; H.265, MJPEG, MPEG-4 part 2 and 10-bit or 4:2:2 H.264 do not.
 */
export function browsersPlay(video: VideoCodec): boolean {
  return video.codec === 'h264' && (video.pixelFormat === null || EIGHT_BIT_420.has(video.pixelFormat));
}
