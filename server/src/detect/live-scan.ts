import { spawn } from 'node:child_process';
import type { Readable } from 'node:stream';
import type { Box } from '../core/detection.js';
import type { MotionBox } from '../core/live-camera.js';
import type { LiveFrame } from '../core/object-detector.js';
import { detectFrame } from './frame-detector.js';
import { JpegSplitter } from './jpeg-splitter.js';
import type { Letterbox } from './letterbox.js';
import { toSourceDetections, type ScanEngine } from './media-scan.js';
import type { DetectStrategy } from './region-plan.js';

export interface LiveScanOptions {
  readonly fps: number;
  readonly minBoxRatio: number;
  /** Frames are decoded at most this wide (detector.detect_width): regions are cut from them, and boxes are in their pixels. */
  readonly detectWidth: number;
  readonly strategy: DetectStrategy;
  readonly iouThreshold: number;
  /** Where the camera saw motion lately, in frame shares: the regions looked at first. */
  readonly regionsHint?: () => readonly MotionBox[];
  readonly signal: AbortSignal;
}

/** Most boxes kept per frame after merging regions. */
const MAX_DETECTIONS_PER_FRAME = 100;

/**
 * Decodes a live MPEG-TS feed (a camera's relayed packets) with one ffmpeg that starts and stops with
 * the motion: each sampled frame comes out twice from the same picture at the detect resolution
 * (capped by detect_width, not shrunk to the model), as a JPEG (for the snapshot) and as raw pixels.
 * The detector looks at squares around the camera's motion boxes and last frame's objects (the region
 * code stored clips use), and at the whole frame when nothing tells where to look. Frames are detected
 * one at a time; a frame that arrives while the model is busy waits (at most one).
 */
export async function* liveScan(engine: ScanEngine, input: Readable, options: LiveScanOptions): AsyncGenerator<LiveFrame> {
  const { layout } = engine;
  const pixelFormat = layout.channelOrder === 'bgr' ? 'bgr24' : 'rgb24';
  // `select` passes a frame as soon as it is due (at least 90% of a period after the last one, or after the
  // camera's clock jumped back); `fps` held each frame until it had seen later ones, about 0.9 s before the
  // first detection.
  const gapS = (0.9 / options.fps).toFixed(3);
  const graph =
    `[0:v]select='isnan(prev_selected_t)+gte(t-prev_selected_t,${gapS})+lt(t,prev_selected_t)',` +
    `scale='trunc(min(${options.detectWidth},iw)/2)*2':-2:flags=bilinear,split[jpg][m];` +
    `[m]format=${pixelFormat}[model]`;
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
  const child = spawn(engine.tools.ffmpeg, args, { stdio: ['pipe', 'pipe', 'pipe', 'pipe'] });
  // The decoder's last words, for the log when it ends by itself (a camera stream it cannot read).
  let stderrTail = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderrTail = (stderrTail + chunk.toString('utf8')).slice(-STDERR_TAIL_CHARS);
  });
  const failed: { spawn: Error | null } = { spawn: null };
  const raws: Uint8Array[] = [];
  const jpegs: Buffer[] = [];
  // The raw frames' size is the JPEGs' (one picture, split): raw bytes wait until the first JPEG tells it.
  const known: { size: { width: number; height: number } | null } = { size: null };
  let pendingRaw: Buffer = Buffer.alloc(0);
  let ended = false;
  let wake: (() => void) | null = null;
  const notify = () => {
    const resume = wake;
    wake = null;
    resume?.();
  };
  const cutRaw = () => {
    const size = known.size;
    if (!size) return;
    const frameBytes = size.width * size.height * 3;
    while (pendingRaw.length >= frameBytes) {
      // One copy in shared memory: every region's worker reads it, none gets its own copy.
      const shared = new Uint8Array(new SharedArrayBuffer(frameBytes));
      shared.set(pendingRaw.subarray(0, frameBytes));
      raws.push(shared);
      pendingRaw = pendingRaw.subarray(frameBytes);
    }
  };
  const splitter = new JpegSplitter();
  child.stdout?.on('data', (chunk: Buffer) => {
    pendingRaw = pendingRaw.length > 0 ? Buffer.concat([pendingRaw, chunk]) : chunk;
    cutRaw();
    notify();
  });
  (child.stdio[3] as Readable | null)?.on('data', (chunk: Buffer) => {
    splitter.push(chunk, (jpeg) => {
      known.size ??= jpegSize(jpeg);
      jpegs.push(jpeg);
    });
    cutRaw();
    notify();
  });
  child.on('close', () => {
    ended = true;
    notify();
  });
  child.on('error', (e) => {
    failed.spawn = e;
    ended = true;
    notify();
  });
  // The decoder ending its input early (EPIPE) is normal when the scan stops.
  child.stdin?.on('error', () => undefined);
  if (child.stdin) input.pipe(child.stdin);
  const onAbort = () => child.kill('SIGKILL');
  options.signal.addEventListener('abort', onAbort, { once: true });
  let objects: Box[] = [];
  try {
    while (!options.signal.aborted) {
      // Only the newest frame matters live: drop what piled up while the model was busy (or came in a burst).
      while (raws.length > 1 && jpegs.length > 1) {
        raws.shift();
        jpegs.shift();
      }
      const raw = raws.length > 0 && jpegs.length > 0 ? raws.shift() : undefined;
      const jpeg = raw ? jpegs.shift() : undefined;
      const size = known.size;
      if (!raw || !jpeg || !size) {
        if (ended) {
          if (failed.spawn) throw new Error(`the live decoder (ffmpeg) could not start: ${failed.spawn.message}`, { cause: failed.spawn });
          if (child.exitCode !== null && child.exitCode !== 0 && !options.signal.aborted)
            throw new Error(`the live decoder (ffmpeg) exited with code ${child.exitCode}: ${lastLines(stderrTail)}`);
          return;
        }
        await new Promise<void>((resolve) => (wake = resolve));
        continue;
      }
      const atMs = Date.now();
      const frame = { data: raw, width: size.width, height: size.height };
      const motion = motionBoxes(options.regionsHint?.() ?? [], frame);
      // Nothing to go by (motion just ended, or no hint): the whole frame, as before regions.
      const nothing = motion.length === 0 && objects.length === 0;
      const found = await detectFrame(
        engine.pool,
        layout,
        frame,
        { motion, objects },
        {
          strategy: nothing && options.strategy !== 'tiles' ? 'whole' : options.strategy,
          iouThreshold: options.iouThreshold,
          maxDetections: MAX_DETECTIONS_PER_FRAME,
        },
      );
      objects = found.detections.map((d) => d.box);
      yield {
        atMs,
        detections: toSourceDetections(found.detections, identity(frame), options.minBoxRatio),
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

/** How much of the decoder's stderr is kept (its last lines say why it stopped). */
const STDERR_TAIL_CHARS = 2000;

function lastLines(text: string): string {
  const lines = text
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l !== '');
  return lines.slice(-5).join(' | ') || 'no output';
}

/** Motion boxes in frame shares -> frame pixels. */
function motionBoxes(hint: readonly MotionBox[], frame: { width: number; height: number }): Box[] {
  return hint.map((b) => [b.x * frame.width, b.y * frame.height, (b.x + b.w) * frame.width, (b.y + b.h) * frame.height]);
}

/** Detections are already in the frame's pixels, which are the JPEG's. */
function identity(frame: { width: number; height: number }): Letterbox {
  const { width, height } = frame;
  return {
    srcWidth: width,
    srcHeight: height,
    dstWidth: width,
    dstHeight: height,
    scaledWidth: width,
    scaledHeight: height,
    padX: 0,
    padY: 0,
  };
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
