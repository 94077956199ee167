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
  /** Called for every grey frame with its arrival time; the buffer is reused after the call. */
  readonly onFrame: (frame: Uint8Array, atMs: number) => void;
}

/** ffmpeg arguments: decode the stream, drop to a few small grey frames a second, raw on stdout. */
export function motionReaderArgs(options: Omit<MotionReaderOptions, 'tools' | 'onFrame'>): string[] {
  const { fps, width, height } = options;
  return [
    '-nostdin',
    '-hide_banner',
    '-loglevel',
    'error',
    ...rtspInputArgs(options.url, options.transport, options.socketTimeoutS),
    '-an',
    '-sn',
    '-dn',
    '-map',
    '0:v:0',
    // The aspect ratio is not kept: motion is a share of pixels and the mask is in shares too.
    '-vf',
    `fps=${fps},scale=${width}:${height}:flags=fast_bilinear,format=gray`,
    '-f',
    'rawvideo',
    '-pix_fmt',
    'gray',
    'pipe:1',
  ];
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
