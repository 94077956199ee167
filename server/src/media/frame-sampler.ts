import { spawn } from 'node:child_process';
import { HomesecError } from '../core/errors.js';
import { redactUrlCredentials } from '../logging/redact.js';
import type { FfmpegTools } from './ffmpeg-tools.js';

/** ffmpeg could not decode the input (corrupt, truncated, not media) or was stopped. */
export class FrameSampleError extends HomesecError {
  constructor(
    message: string,
    /** `undecodable` is the input's fault; `aborted`, `spawn_failed` and `killed` (from outside, e.g. out of memory) are not. */
    readonly reason: 'undecodable' | 'aborted' | 'spawn_failed' | 'killed',
    readonly stderrTail: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** One decoded frame: interleaved 8-bit pixels, `t` in seconds from the start of the clip. */
export interface SampledFrame {
  readonly index: number;
  readonly t: number;
  readonly data: Uint8Array<ArrayBuffer>;
}

export interface FrameSampleOptions {
  /** Frames per second to sample; null for a still image (its one frame). */
  readonly fps: number | null;
  /** Filters after sampling that produce exactly width x height (scale, pad). */
  readonly sizeFilter: string;
  readonly width: number;
  readonly height: number;
  readonly pixelFormat: 'rgb24' | 'bgr24';
  /** ffmpeg stops after this many frames. */
  readonly maxFrames: number;
  readonly signal?: AbortSignal;
}

const STDERR_TAIL_BYTES = 4000;

/**
 * Samples a clip with ONE ffmpeg process: `fps=N` plus the size filter, raw frames on a pipe.
 * Breaking out of the loop (early exit) or aborting kills ffmpeg at once.
 */
export async function* sampleFrames(tools: FfmpegTools, path: string, options: FrameSampleOptions): AsyncGenerator<SampledFrame> {
  if (options.signal?.aborted) throw new FrameSampleError('frame sampling aborted', 'aborted', '');
  const filters = [...(options.fps === null ? [] : [`fps=${options.fps}`]), options.sizeFilter].join(',');
  const args = [
    '-hide_banner',
    '-loglevel',
    'error',
    '-nostdin',
    '-i',
    path,
    '-an',
    '-sn',
    '-dn',
    '-vf',
    filters,
    '-frames:v',
    String(options.maxFrames),
    '-f',
    'rawvideo',
    '-pix_fmt',
    options.pixelFormat,
    'pipe:1',
  ];
  const child = spawn(tools.ffmpeg, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  let spawnError: Error | null = null;
  child.stderr.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString('utf8')).slice(-STDERR_TAIL_BYTES);
  });
  let killedBy: NodeJS.Signals | null = null;
  const exited = new Promise<number | null>((resolve) =>
    child.on('close', (code, signal) => {
      killedBy = signal;
      resolve(code);
    }),
  );
  child.on('error', (e) => {
    spawnError = e;
  });
  const onAbort = () => child.kill('SIGKILL');
  options.signal?.addEventListener('abort', onAbort, { once: true });
  try {
    const frames = yield* readFrames(child.stdout, options);
    const code = await exited;
    const tail = redactUrlCredentials(stderr.trim());
    if (options.signal?.aborted) throw new FrameSampleError('frame sampling aborted', 'aborted', tail);
    if (spawnError !== null) throw spawnFailure(spawnError, tools.ffmpeg);
    if (killedBy !== null && frames === 0) throw new FrameSampleError(`ffmpeg was killed by ${String(killedBy)}`, 'killed', tail);
    // A clip cut short at the end (camera lost power) still yields its good frames; only a clip
    // with no decodable frame at all is an error.
    if (code !== 0 && frames === 0)
      throw new FrameSampleError(`ffmpeg could not decode ${path} (corrupt or truncated?): ${firstError(tail)}`, 'undecodable', tail);
  } finally {
    options.signal?.removeEventListener('abort', onAbort);
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  }
}

/** Cuts the byte stream into whole frames; each frame gets its own buffer so it can be transferred. */
async function* readFrames(stdout: AsyncIterable<Buffer>, options: FrameSampleOptions): AsyncGenerator<SampledFrame, number> {
  const frameBytes = options.width * options.height * 3;
  let frame = new Uint8Array(frameBytes);
  let filled = 0;
  let index = 0;
  for await (const chunk of stdout) {
    let offset = 0;
    while (offset < chunk.length) {
      const take = Math.min(frameBytes - filled, chunk.length - offset);
      frame.set(chunk.subarray(offset, offset + take), filled);
      filled += take;
      offset += take;
      if (filled === frameBytes) {
        yield { index, t: options.fps === null ? 0 : index / options.fps, data: frame };
        index += 1;
        frame = new Uint8Array(frameBytes);
        filled = 0;
      }
    }
  }
  return index;
}

function spawnFailure(e: Error, command: string): FrameSampleError {
  const missing = (e as NodeJS.ErrnoException).code === 'ENOENT';
  const hint = missing ? ` (is ffmpeg installed? apt-get install ffmpeg, or set FFMPEG_PATH)` : '';
  return new FrameSampleError(`cannot run ${command}: ${e.message}${hint}`, 'spawn_failed', '', { cause: e });
}

/** ffmpeg's first complaint names the cause; later lines are consequences. `[h264 @ 0x..]` prefixes dropped. */
function firstError(text: string): string {
  const line = text.split('\n').find((l) => l.trim() !== '');
  return line ? line.replace(/^\[[^\]]+\]\s*/, '').trim() : 'no output';
}
