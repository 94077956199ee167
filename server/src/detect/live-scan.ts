import { spawn } from 'node:child_process';
import type { Readable } from 'node:stream';
import type { LiveFrame } from '../core/object-detector.js';
import { LETTERBOX_PAD_VALUE, computeLetterbox } from './letterbox.js';
import { JpegSplitter } from './jpeg-splitter.js';
import { toSourceDetections, type ScanEngine } from './media-scan.js';

export interface LiveScanOptions {
  readonly fps: number;
  readonly minBoxRatio: number;
  /** Width of the pictures kept for snapshots (and the frame size boxes are given in). */
  readonly pictureWidth: number;
  readonly signal: AbortSignal;
}

/**
 * Decodes a live MPEG-TS feed (a camera's relayed packets) with one ffmpeg that starts and stops with
 * the motion: each sampled frame comes out twice from the same scaled picture, as a JPEG (for the
 * snapshot) and letterboxed for the model, so boxes map back to the JPEG's pixels exactly. Frames
 * are detected one at a time; a frame that arrives while the model is busy waits (at most one).
 */
export async function* liveScan(engine: ScanEngine, input: Readable, options: LiveScanOptions): AsyncGenerator<LiveFrame> {
  const { layout } = engine;
  const w = layout.inputWidth;
  const h = layout.inputHeight;
  const grey = LETTERBOX_PAD_VALUE.toString(16).padStart(2, '0').repeat(3);
  const pixelFormat = layout.channelOrder === 'bgr' ? 'bgr24' : 'rgb24';
  // `select` passes a frame as soon as it is due (at least 90% of a period after the last one, or after the
  // camera's clock jumped back); `fps` held each frame until it had seen later ones, about 0.9 s before the
  // first detection.
  const gapS = (0.9 / options.fps).toFixed(3);
  const graph =
    `[0:v]select='isnan(prev_selected_t)+gte(t-prev_selected_t,${gapS})+lt(t,prev_selected_t)',` +
    `scale='min(${options.pictureWidth},iw)':-2,split[jpg][m];` +
    `[m]format=${pixelFormat},scale=${w}:${h}:force_original_aspect_ratio=decrease:flags=bilinear,` +
    `pad=${w}:${h}:(ow-iw)/2:(oh-ih)/2:color=0x${grey}[model]`;
  const args = [
    '-nostdin',
    '-hide_banner',
    '-loglevel',
    'error',
    // Frames leave as `select` picks them; a constant-rate output would repeat each one to the stream's rate.
    '-vsync',
    'passthrough',
    // Start decoding as soon as the relayed key frame's parameters are known: no waiting for more of the
    // live stream to estimate a frame rate (frames are picked by timestamp), which cost up to 0.5 s.
    '-probesize',
    '32768',
    '-analyzeduration',
    '100000',
    '-fpsprobesize',
    '0',
    // (No `-fflags nobuffer`: it throws away the packets read while probing, the relayed key frame among
    // them, and decoding then waits for the camera's next key frame, up to a GOP of several seconds.)
    // Frame threads hold frames back until more arrive (live, that is later): decode each frame as it comes.
    // Slice threads still share a big stream; a sub-stream (detect_url) is what live detection is meant for.
    '-flags',
    'low_delay',
    '-f',
    'mpegts',
    '-i',
    'pipe:0',
    '-filter_complex',
    graph,
    '-map',
    '[model]',
    '-f',
    'rawvideo',
    '-pix_fmt',
    pixelFormat,
    'pipe:1',
    '-map',
    '[jpg]',
    '-q:v',
    '5',
    '-f',
    'image2pipe',
    '-c:v',
    'mjpeg',
    'pipe:3',
  ];
  const child = spawn(engine.tools.ffmpeg, args, { stdio: ['pipe', 'pipe', 'ignore', 'pipe'] });
  const frameBytes = w * h * 3;
  const models: Uint8Array<ArrayBuffer>[] = [];
  const jpegs: Buffer[] = [];
  let pendingModel: Buffer = Buffer.alloc(0);
  let ended = false;
  let wake: (() => void) | null = null;
  const notify = () => {
    const resume = wake;
    wake = null;
    resume?.();
  };
  const splitter = new JpegSplitter();
  child.stdout?.on('data', (chunk: Buffer) => {
    pendingModel = pendingModel.length > 0 ? Buffer.concat([pendingModel, chunk]) : chunk;
    while (pendingModel.length >= frameBytes) {
      models.push(new Uint8Array(pendingModel.subarray(0, frameBytes)));
      pendingModel = pendingModel.subarray(frameBytes);
    }
    notify();
  });
  (child.stdio[3] as Readable | null)?.on('data', (chunk: Buffer) => {
    splitter.push(chunk, (jpeg) => jpegs.push(jpeg));
    notify();
  });
  child.on('close', () => {
    ended = true;
    notify();
  });
  child.on('error', () => {
    ended = true;
    notify();
  });
  // The decoder ending its input early (EPIPE) is normal when the scan stops.
  child.stdin?.on('error', () => undefined);
  if (child.stdin) input.pipe(child.stdin);
  const onAbort = () => child.kill('SIGKILL');
  options.signal.addEventListener('abort', onAbort, { once: true });
  try {
    while (!options.signal.aborted) {
      // Only the newest frame matters live: drop what piled up while the model was busy (or came in a burst).
      while (models.length > 1 && jpegs.length > 1) {
        models.shift();
        jpegs.shift();
      }
      const model = models.length > 0 && jpegs.length > 0 ? models.shift() : undefined;
      const jpeg = model ? jpegs.shift() : undefined;
      if (!model || !jpeg) {
        if (ended) return;
        await new Promise<void>((resolve) => (wake = resolve));
        continue;
      }
      const size = jpegSize(jpeg);
      if (!size) continue;
      const atMs = Date.now();
      const found = await engine.pool.detect(model);
      const letterbox = computeLetterbox(size.width, size.height, w, h);
      yield {
        atMs,
        detections: toSourceDetections(found, letterbox, options.minBoxRatio),
        frameWidth: size.width,
        frameHeight: size.height,
        jpeg,
      };
    }
  } finally {
    options.signal.removeEventListener('abort', onAbort);
    input.unpipe();
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  }
}

/** Width and height from a JPEG's start-of-frame marker; null when there is none. */
export function jpegSize(jpeg: Buffer): { width: number; height: number } | null {
  let offset = 2;
  while (offset + 9 < jpeg.length) {
    if (jpeg[offset] !== 0xff) return null;
    const marker = jpeg[offset + 1] ?? 0;
    const length = jpeg.readUInt16BE(offset + 2);
    // SOF0..SOF15 carry the size, except DHT (C4), JPG (C8) and DAC (CC).
    if (marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc) {
      return { height: jpeg.readUInt16BE(offset + 5), width: jpeg.readUInt16BE(offset + 7) };
    }
    offset += 2 + length;
  }
  return null;
}
