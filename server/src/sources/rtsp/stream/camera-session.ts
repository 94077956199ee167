import { open } from 'node:fs/promises';
import { basename, join } from 'node:path';
import type { FfmpegTools } from '../../../media/ffmpeg-tools.js';
import { SerialQueue } from '../../../runtime/serial-queue.js';
import type { Segment } from '../segment.js';
import { FfmpegProcess, rtspInputArgs, type ProcessExit, type StreamProcess } from './ffmpeg-process.js';
import { FrameSplitter } from './frame-splitter.js';
import { ProgressParser, SegmentListParser, StreamClock, type ListedSegment } from './recorder-output.js';

/** Segments of the rolling buffer: stream-copied, cut at key frames. */
export interface SegmentOutput {
  readonly segmentS: number;
  /** Folder for this run's segments and list; the caller removes old files. */
  readonly dir: string;
  /** Unique per run, so a restarted session never overwrites segments still in use. */
  readonly runId: string;
}

/** Small grey frames for motion detection. */
export interface MotionOutput {
  readonly fps: number;
  readonly width: number;
  readonly height: number;
  /** Blur radius applied by ffmpeg after scaling (a box blur); 0 = none. */
  readonly blur: number;
}

/** A JPEG rewritten every few seconds: the camera's latest picture for the dashboard. */
export interface PictureOutput {
  readonly path: string;
  readonly everyS: number;
  readonly maxWidth: number;
}

/** What one session writes; every output comes from the one RTSP connection. */
export interface SessionOutputs {
  readonly segments: SegmentOutput | null;
  readonly motion: MotionOutput | null;
  /** The packets, stream-copied as MPEG-TS, for decoders started on demand (the live detector). */
  readonly relay: boolean;
  readonly picture: PictureOutput | null;
}

export interface CameraSessionOptions {
  readonly tools: FfmpegTools;
  readonly url: string;
  /** Request headers for an HTTP stream (Home Assistant's HLS through the Supervisor's proxy). */
  readonly headers?: string | null;
  readonly transport: 'tcp' | 'udp';
  readonly socketTimeoutS: number;
  readonly outputs: SessionOutputs;
  readonly onSegment: (segment: Segment) => void;
  /** Called for every grey frame with its arrival time; the buffer is reused after the call. */
  readonly onMotionFrame: (frame: Uint8Array, atMs: number) => void;
  readonly onRelay: (chunk: Buffer) => void;
  /** Called whenever ffmpeg reports more frames: the stream is alive. */
  readonly onProgress: () => void;
  /** Reading the segment list or delivering its segments failed (the next poll still runs). */
  readonly onListFailed: (error: unknown) => void;
}

const LIST_POLL_MS = 200;
const YUV_FORMATS = 'yuv420p|yuvj420p|yuv422p|yuvj422p|yuv444p|yuvj444p|gray';
// File descriptors of the outputs: stdout carries motion frames, 3 the relay, 4 the progress reports.
const RELAY_FD = 3;
const PROGRESS_FD = 4;

/**
 * ffmpeg arguments for one RTSP connection and all it feeds. Cheap cameras accept one or two RTSP
 * sessions: recording, motion, the live detector's relay and the dashboard picture share this one.
 */
export function cameraSessionArgs(
  options: Pick<CameraSessionOptions, 'url' | 'headers' | 'transport' | 'socketTimeoutS' | 'outputs'>,
): string[] {
  const { outputs } = options;
  const decodes = outputs.motion !== null || outputs.picture !== null;
  return [
    '-nostdin',
    '-hide_banner',
    '-loglevel',
    'error',
    // The dashboard picture is rewritten in place; without -y ffmpeg refuses to overwrite it after a restart.
    '-y',
    '-fflags',
    '+genpts',
    '-progress',
    `pipe:${PROGRESS_FD}`,
    '-stats_period',
    '0.5',
    // One decoder thread: a small stream does not need more, and thread hand-offs cost CPU.
    ...(decodes ? ['-threads', '1', ...MOTION_DECODER_ARGS] : []),
    ...rtspInputArgs(options.url, options.transport, options.socketTimeoutS, options.headers ?? null),
    ...(outputs.segments ? segmentOutputArgs(outputs.segments) : []),
    ...(outputs.motion ? motionOutputArgs(outputs.motion) : []),
    ...(outputs.relay ? ['-map', '0:v:0', '-c', 'copy', ...REPAIR_TIMESTAMPS, '-f', 'mpegts', `pipe:${RELAY_FD}`] : []),
    ...(outputs.picture ? pictureOutputArgs(outputs.picture) : []),
  ];
}

/**
 * For every stream-copied output. RTP carries presentation times only; with B-frames (x264's defaults,
 * most cameras' High profile) the first packets reach the muxer with none, MPEG-TS refuses them ("first
 * pts and dts value must be set") and the recorder exited at once, every time. Such a packet gets its
 * decoding time, which ffmpeg always fills in; packets that have a presentation time keep it.
 */
export const REPAIR_TIMESTAMPS: readonly string[] = ['-bsf:v', 'setts=pts=if(eq(PTS\\,NOPTS)\\,DTS\\,PTS)'];

/**
 * Decoder options for the decoded outputs: skipping H.264's deblocking filter saves about a fifth of the
 * decode; it only smooths block edges, which the downscale and blur erase anyway.
 */
export const MOTION_DECODER_ARGS: readonly string[] = ['-skip_loop_filter', 'all'];

/** Output half of the motion command (also used by the benchmark on a file). */
export function motionOutputArgs(motion: MotionOutput, target = 'pipe:1'): string[] {
  const { fps, width, height, blur } = motion;
  // The aspect ratio is not kept: motion is a share of pixels and the mask is in shares too.
  // Only the luma plane is kept before scaling: the scaler never touches colour. The format step is a
  // no-op for the YUV every camera sends and converts anything else so extractplanes has a Y plane.
  const filters = [`fps=${fps}`, `format=${YUV_FORMATS}`, 'extractplanes=y', `scale=${width}:${height}:flags=fast_bilinear`];
  // Blurring in ffmpeg (C, on the small frame) keeps sensor noise from counting as motion.
  // boxblur, not avgblur: the same box average, without avgblur's 32 MB of buffers per camera.
  if (blur > 0) filters.push(`boxblur=luma_radius=${blur}:luma_power=1`);
  return ['-map', '0:v:0', '-an', '-sn', '-dn', '-vf', filters.join(','), '-f', 'rawvideo', '-pix_fmt', 'gray', target];
}

function segmentOutputArgs(segments: SegmentOutput): string[] {
  return [
    '-map',
    '0:v:0',
    '-c',
    'copy',
    ...REPAIR_TIMESTAMPS,
    '-f',
    'segment',
    '-segment_time',
    String(segments.segmentS),
    '-reset_timestamps',
    '1',
    '-segment_format',
    'mpegts',
    '-segment_list',
    listPath(segments),
    '-segment_list_type',
    'csv',
    '-segment_list_flags',
    '+live',
    join(segments.dir, `${segments.runId}-%06d.ts`),
  ];
}

function pictureOutputArgs(picture: PictureOutput): string[] {
  const filter = `fps=1/${picture.everyS},scale='min(${picture.maxWidth},iw)':-2`;
  return ['-map', '0:v:0', '-vf', filter, '-q:v', '6', '-f', 'image2', '-update', '1', '-atomic_writing', '1', picture.path];
}

function listPath(segments: SegmentOutput): string {
  return join(segments.dir, `${segments.runId}.csv`);
}

/**
 * One ffmpeg run of a camera's RTSP session. Completed segments are read from the CSV list as ffmpeg
 * appends to it and get wall-clock times from the progress reports. `exited` resolves only after the
 * last entry (written when SIGTERM closes the open segment) has been delivered.
 */
export class CameraSession implements StreamProcess {
  readonly exited: Promise<ProcessExit>;
  private readonly process: FfmpegProcess;
  private readonly clock = new StreamClock();
  private readonly list = new SegmentListParser();
  private readonly progress = new ProgressParser();
  private listOffset = 0;
  private lastFrame = -1;
  /** List reads one at a time, so two never overlap; one that fails does not stop the next. */
  private readonly polls: SerialQueue;
  /** Listed segments waiting for the clock to settle, with the time they were seen. */
  private pending: { readonly entry: ListedSegment; readonly seenAt: number }[] = [];

  /** Spawns the session; use `stop()` (or the supervisor) to end it. */
  static start(options: CameraSessionOptions): CameraSession {
    return new CameraSession(options);
  }

  private constructor(private readonly options: CameraSessionOptions) {
    this.polls = new SerialQueue((f) => options.onListFailed(f.error));
    const { motion } = options.outputs;
    const splitter = motion ? new FrameSplitter(motion.width * motion.height) : null;
    this.process = FfmpegProcess.start(options.tools.ffmpeg, cameraSessionArgs(options), {
      onStdout: (chunk) => {
        const at = Date.now();
        splitter?.push(chunk, (frame) => options.onMotionFrame(frame, at));
      },
      onPipe: {
        [RELAY_FD]: options.onRelay,
        [PROGRESS_FD]: (chunk) => this.progress.push(chunk.toString('utf8'), (report) => this.onReport(report.frame, report.outTimeS)),
      },
    });
    const timer = options.outputs.segments ? setInterval(() => this.schedulePoll(), LIST_POLL_MS) : null;
    this.exited = this.process.exited.then(async (exit) => {
      if (timer) clearInterval(timer);
      if (options.outputs.segments) this.schedulePoll(true);
      await this.polls.idle();
      return exit;
    });
  }

  get pid(): number | undefined {
    return this.process.pid;
  }

  async stop(graceMs: number): Promise<ProcessExit> {
    await this.process.stop(graceMs);
    return this.exited;
  }

  private onReport(frame: number, outTimeS: number | null): void {
    if (outTimeS !== null) this.clock.observe(outTimeS, Date.now());
    if (frame > this.lastFrame) {
      this.lastFrame = frame;
      this.options.onProgress();
    }
  }

  /** A failed read still lets what was read before be delivered. */
  private schedulePoll(final = false): void {
    this.polls.push('reading the segment list', () => this.readNewEntries());
    this.polls.push('delivering segments', () => this.deliverPending(final));
  }

  private async readNewEntries(): Promise<void> {
    const segments = this.options.outputs.segments;
    if (!segments) return;
    let file;
    try {
      file = await open(listPath(segments), 'r');
    } catch {
      return; // not written yet
    }
    try {
      const { size } = await file.stat();
      if (size <= this.listOffset) return;
      const buffer = Buffer.alloc(size - this.listOffset);
      const { bytesRead } = await file.read(buffer, 0, buffer.length, this.listOffset);
      this.listOffset += bytesRead;
      const seenAt = Date.now();
      for (const entry of this.list.push(buffer.subarray(0, bytesRead).toString('utf8'))) this.pending.push({ entry, seenAt });
    } finally {
      await file.close();
    }
  }

  /** Maps pending entries to wall time once the clock can be trusted (or the run is over). */
  private deliverPending(final: boolean): void {
    const segments = this.options.outputs.segments;
    if (!segments || this.pending.length === 0 || (!final && !this.clock.settled(Date.now()))) return;
    const batch = this.pending;
    this.pending = [];
    // A segment cannot end after it was listed, nor after the next one starts: walk back from the newest.
    let limit = Number.POSITIVE_INFINITY;
    const found: Segment[] = [];
    for (let i = batch.length - 1; i >= 0; i--) {
      const item = batch[i];
      if (!item) continue;
      const { entry, seenAt } = item;
      const endedAt = Math.min(this.clock.toWall(entry.endS) ?? seenAt, seenAt, limit);
      const startedAt = endedAt - (entry.endS - entry.startS) * 1000;
      found.unshift({ path: join(segments.dir, basename(entry.name)), startedAt, endedAt });
      limit = startedAt;
    }
    for (const segment of found) this.options.onSegment(segment);
  }
}
