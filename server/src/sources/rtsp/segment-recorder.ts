import { open } from 'node:fs/promises';
import { basename, join } from 'node:path';
import type { FfmpegTools } from '../../media/ffmpeg-tools.js';
import type { Segment } from './clip-planner.js';
import { FfmpegProcess, rtspInputArgs, type ProcessExit, type StreamProcess } from './ffmpeg-process.js';
import { ProgressParser, SegmentListParser, StreamClock, type ListedSegment } from './recorder-output.js';

export interface SegmentRecorderOptions {
  readonly tools: FfmpegTools;
  readonly url: string;
  readonly transport: 'tcp' | 'udp';
  readonly socketTimeoutS: number;
  readonly segmentS: number;
  /** Folder for this run's segments and list; the caller removes old files. */
  readonly dir: string;
  /** Unique per run, so a restarted recorder never overwrites segments still in use. */
  readonly runId: string;
  readonly onSegment: (segment: Segment) => void;
  /** Called whenever ffmpeg reports more frames written: the stream is alive. */
  readonly onProgress: () => void;
}

const LIST_POLL_MS = 200;

/** ffmpeg arguments: stream-copy the main stream into short MPEG-TS segments plus a CSV list. */
export function segmentRecorderArgs(options: Omit<SegmentRecorderOptions, 'tools' | 'onSegment' | 'onProgress'>): string[] {
  return [
    '-nostdin',
    '-hide_banner',
    '-loglevel',
    'error',
    '-fflags',
    '+genpts',
    ...rtspInputArgs(options.url, options.transport, options.socketTimeoutS),
    '-map',
    '0:v:0',
    '-c',
    'copy',
    '-f',
    'segment',
    '-segment_time',
    String(options.segmentS),
    '-reset_timestamps',
    '1',
    '-segment_format',
    'mpegts',
    '-segment_list',
    listPath(options.dir, options.runId),
    '-segment_list_type',
    'csv',
    '-segment_list_flags',
    '+live',
    '-progress',
    'pipe:1',
    '-stats_period',
    '0.5',
    join(options.dir, `${options.runId}-%06d.ts`),
  ];
}

function listPath(dir: string, runId: string): string {
  return join(dir, `${runId}.csv`);
}

/**
 * One ffmpeg run of the rolling buffer. Completed segments are read from the CSV list as ffmpeg
 * appends to it and get wall-clock times from the progress reports. `exited` resolves only after the
 * last entry (written when SIGTERM closes the open segment) has been delivered.
 */
export class SegmentRecorder implements StreamProcess {
  readonly exited: Promise<ProcessExit>;
  private readonly process: FfmpegProcess;
  private readonly clock = new StreamClock();
  private readonly list = new SegmentListParser();
  private readonly progress = new ProgressParser();
  private listOffset = 0;
  private lastFrame = -1;
  private polling: Promise<void> = Promise.resolve();
  /** Listed segments waiting for the clock to settle, with the time they were seen. */
  private pending: { readonly entry: ListedSegment; readonly seenAt: number }[] = [];

  /** Spawns the recorder; use `stop()` (or the supervisor) to end it. */
  static start(options: SegmentRecorderOptions): SegmentRecorder {
    return new SegmentRecorder(options);
  }

  private constructor(private readonly options: SegmentRecorderOptions) {
    this.process = FfmpegProcess.start(options.tools.ffmpeg, segmentRecorderArgs(options), {
      onStdout: (chunk) => this.progress.push(chunk.toString('utf8'), (report) => this.onReport(report.frame, report.outTimeS)),
    });
    const timer = setInterval(() => this.schedulePoll(), LIST_POLL_MS);
    this.exited = this.process.exited.then(async (exit) => {
      clearInterval(timer);
      this.schedulePoll(true);
      await this.polling;
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

  /** Polls are chained so two reads never overlap. */
  private schedulePoll(final = false): void {
    this.polling = this.polling
      .then(() => this.readNewEntries())
      .catch(() => undefined)
      .then(() => this.deliverPending(final));
  }

  private async readNewEntries(): Promise<void> {
    let file;
    try {
      file = await open(listPath(this.options.dir, this.options.runId), 'r');
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
    if (this.pending.length === 0 || (!final && !this.clock.settled(Date.now()))) return;
    const batch = this.pending;
    this.pending = [];
    // A segment cannot end after it was listed, nor after the next one starts: walk back from the newest.
    let limit = Number.POSITIVE_INFINITY;
    const segments: Segment[] = [];
    for (let i = batch.length - 1; i >= 0; i--) {
      const item = batch[i];
      if (!item) continue;
      const { entry, seenAt } = item;
      const endedAt = Math.min(this.clock.toWall(entry.endS) ?? seenAt, seenAt, limit);
      const startedAt = endedAt - (entry.endS - entry.startS) * 1000;
      segments.unshift({ path: join(this.options.dir, basename(entry.name)), startedAt, endedAt });
      limit = startedAt;
    }
    for (const segment of segments) this.options.onSegment(segment);
  }
}
