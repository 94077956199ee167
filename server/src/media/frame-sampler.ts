import { spawn, type ChildProcess } from 'node:child_process';
import { setPriority } from 'node:os';
import { join } from 'node:path';
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
  /** Also write each sampled frame as a JPEG, from the same decode (the vision model's frames). */
  readonly pictures?: PictureOutput;
}

/**
 * JPEGs of the sampled frames, written as `<dir>/<index>.jpg` (index from 0, t = index / fps). When the
 * caller stops reading early (the detector confirmed its label), ffmpeg waits, blocked on its full pipe,
 * until `resume` lets it finish the pictures at low priority (model frames dropped) or `cancel` ends it.
 */
export interface PictureOutput {
  readonly dir: string;
  /** Longest side, never scaled up. */
  readonly maxPx: number;
  /** ffmpeg -q:v for MJPEG: 2 (best) to 31. */
  readonly quality: number;
  paused(control: { resume(): void; cancel(): void }): void;
  /** Called once, when ffmpeg has written every picture it will (`complete`) or was stopped or failed. */
  finished(complete: boolean): void;
}

/** Niceness of an ffmpeg that only finishes the pictures after the detector is done with it. */
const PICTURES_NICENESS = 10;

const STDERR_TAIL_BYTES = 4000;

/**
 * Samples a clip with ONE ffmpeg process: `fps=N` plus the size filter, raw frames on a pipe (and, when
 * asked, a JPEG of each frame in a folder). Breaking out of the loop (early exit) or aborting kills
 * ffmpeg at once, unless pictures are still being made (see PictureOutput).
 */
export async function* sampleFrames(tools: FfmpegTools, path: string, options: FrameSampleOptions): AsyncGenerator<SampledFrame> {
  if (options.signal?.aborted) {
    options.pictures?.finished(false);
    throw new FrameSampleError('frame sampling aborted', 'aborted', '');
  }
  const args = ['-hide_banner', '-loglevel', 'error', '-nostdin', '-i', path, '-an', '-sn', '-dn', ...outputArgs(options)];
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
    // With pictures, stopping early must not close stdout: ffmpeg would die of a broken pipe before its last picture.
    const frames = yield* readFrames(child.stdout.iterator({ destroyOnReturn: !options.pictures }), options);
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
    const running = child.exitCode === null && child.signalCode === null;
    if (running && options.pictures && !options.signal?.aborted && spawnError === null) {
      options.pictures.paused({ resume: () => finishPicturesAlone(child), cancel: () => child.kill('SIGKILL') });
      const done = (code: number | null) => {
        options.signal?.removeEventListener('abort', onAbort);
        options.pictures?.finished(code === 0);
      };
      exited.then(done, done);
    } else {
      options.signal?.removeEventListener('abort', onAbort);
      if (running) child.kill('SIGKILL');
      const done = (code: number | null) => options.pictures?.finished(code === 0 && !options.signal?.aborted);
      exited.then(done, done);
    }
  }
}

/** The filter graph and outputs: model frames on stdout, and (when asked) JPEG pictures of the same frames in a folder. */
function outputArgs(options: FrameSampleOptions): string[] {
  const sample = options.fps === null ? 'null' : `fps=${options.fps}`;
  const frames = ['-frames:v', String(options.maxFrames)];
  const model = ['-f', 'rawvideo', '-pix_fmt', options.pixelFormat, 'pipe:1'];
  const { pictures } = options;
  if (!pictures) return ['-vf', [...(options.fps === null ? [] : [sample]), options.sizeFilter].join(','), ...frames, ...model];
  const scale = `scale=w='min(${pictures.maxPx},iw)':h='min(${pictures.maxPx},ih)':force_original_aspect_ratio=decrease`;
  const graph = `[0:v]${sample},split[m][p];[m]${options.sizeFilter}[model];[p]${scale}[pic]`;
  const jpegs = ['-q:v', String(pictures.quality), '-start_number', '0', '-f', 'image2', join(pictures.dir, '%d.jpg')];
  return ['-filter_complex', graph, '-map', '[model]', ...frames, ...model, '-map', '[pic]', ...frames, ...jpegs];
}

/** The detector has what it needs: the rest of the decode only makes pictures, so it yields the CPU and its model frames are dropped. */
function finishPicturesAlone(child: ChildProcess): void {
  child.stdout?.resume();
  try {
    if (child.pid !== undefined) setPriority(child.pid, PICTURES_NICENESS);
  } catch {
    // Not allowed to lower priority here: it finishes at normal priority.
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
