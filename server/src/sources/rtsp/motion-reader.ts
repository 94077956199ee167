import type { FfmpegTools } from '../../media/ffmpeg-tools.js';
import { FfmpegProcess, rtspInputArgs } from './ffmpeg-process.js';
import { FrameSplitter } from './frame-splitter.js';

export interface MotionReaderOptions {
  readonly tools: FfmpegTools;
  readonly url: string;
  readonly transport: 'tcp' | 'udp';
  readonly socketTimeoutS: number;
  readonly fps: number;
  readonly width: number;
  readonly height: number;
  /** Blur radius applied by ffmpeg after scaling (avgblur); 0 = none. */
  readonly blur: number;
  /** Called for every grey frame with its arrival time; the buffer is reused after the call. */
  readonly onFrame: (frame: Uint8Array, atMs: number) => void;
}

/**
 * Decoder options for motion frames: skipping H.264's deblocking filter saves about a fifth of the
 * decode; it only smooths block edges, which the downscale and blur erase anyway.
 */
export const MOTION_DECODER_ARGS: readonly string[] = ['-skip_loop_filter', 'all'];

const YUV_FORMATS = 'yuv420p|yuvj420p|yuv422p|yuvj422p|yuv444p|yuvj444p|gray';

/** ffmpeg arguments: decode the stream, drop to a few small grey frames a second, raw on stdout. */
export function motionReaderArgs(options: Omit<MotionReaderOptions, 'tools' | 'onFrame'>): string[] {
  return [
    '-nostdin',
    '-hide_banner',
    '-loglevel',
    'error',
    // One decoder thread: a small detect stream does not need more, and thread hand-offs cost CPU.
    '-threads',
    '1',
    ...MOTION_DECODER_ARGS,
    ...rtspInputArgs(options.url, options.transport, options.socketTimeoutS),
    ...motionOutputArgs(options),
  ];
}

/** Output half of the motion command (also used by the benchmark on a file). */
export function motionOutputArgs(options: {
  readonly fps: number;
  readonly width: number;
  readonly height: number;
  readonly blur: number;
}): string[] {
  const { fps, width, height, blur } = options;
  // The aspect ratio is not kept: motion is a share of pixels and the mask is in shares too.
  // Only the luma plane is kept before scaling: the scaler never touches colour, and with the skipped
  // deblocking the motion ffmpeg costs about what decoding alone does. The format step is a no-op for
  // the YUV every camera sends and converts anything else so extractplanes always has a Y plane.
  const filters = [`fps=${fps}`, `format=${YUV_FORMATS}`, 'extractplanes=y', `scale=${width}:${height}:flags=fast_bilinear`];
  // Blurring in ffmpeg (C, on the small frame) keeps sensor noise from counting as motion.
  if (blur > 0) filters.push(`avgblur=sizeX=${blur}`);
  return ['-an', '-sn', '-dn', '-map', '0:v:0', '-vf', filters.join(','), '-f', 'rawvideo', '-pix_fmt', 'gray', 'pipe:1'];
}

/** Starts one ffmpeg that decodes the motion stream to grey frames on a pipe. */
export function startMotionReader(options: MotionReaderOptions): FfmpegProcess {
  const splitter = new FrameSplitter(options.width * options.height);
  return FfmpegProcess.start(options.tools.ffmpeg, motionReaderArgs(options), {
    onStdout: (chunk) => {
      const at = Date.now();
      splitter.push(chunk, (frame) => options.onFrame(frame, at));
    },
  });
}
