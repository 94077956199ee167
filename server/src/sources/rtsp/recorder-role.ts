import type { Logger } from '../../logging/logger.js';
import type { FfmpegTools } from '../../media/ffmpeg-tools.js';
import type { Segment } from './clip-planner.js';
import type { RtspSettings } from './rtsp-settings.js';
import { SegmentRecorder } from './segment-recorder.js';
import { describeEnd, StreamSupervisor, type RunEnded } from './stream-supervisor.js';

export interface RecorderRoleEvents {
  readonly onSegment: (segment: Segment) => void;
  readonly onUp: () => void;
  readonly onDown: (problem: string) => void;
}

/**
 * The recording role: one ffmpeg stream-copying the main stream into the rolling buffer of short
 * segments, all the time, so a clip can start before the motion that triggered it.
 */
export class RecorderRole {
  private readonly supervisor: StreamSupervisor;
  private runs = 0;

  constructor(
    private readonly settings: RtspSettings,
    private readonly tools: FfmpegTools,
    private readonly segmentDir: string,
    private readonly events: RecorderRoleEvents,
    private readonly log: Logger,
  ) {
    this.supervisor = new StreamSupervisor(
      {
        stallTimeoutMs: settings.stallTimeoutMs,
        connectTimeoutMs: settings.connectTimeoutMs,
        stopGraceMs: settings.stopGraceMs,
        backoff: settings.backoff,
      },
      { start: (delivered) => this.startRecorder(delivered), onUp: () => this.onUp(), onEnded: (ended) => this.onEnded(ended) },
      log,
    );
  }

  start(signal: AbortSignal): void {
    this.supervisor.start(signal);
  }

  /** Stops ffmpeg with SIGTERM so it closes the open segment; resolves after that segment was delivered. */
  async stop(): Promise<void> {
    await this.supervisor.stop();
  }

  private startRecorder(delivered: () => void): SegmentRecorder {
    this.runs++;
    // Time-based run ids keep names unique across restarts of HomeSec too.
    const runId = `run${Date.now().toString(36)}${this.runs}`;
    this.log.debug({ event_type: 'rtsp.recorder_connect', run: runId }, 'recording stream connecting');
    return SegmentRecorder.start({
      tools: this.tools,
      url: this.settings.url,
      transport: this.settings.transport,
      socketTimeoutS: this.settings.socketTimeoutS,
      segmentS: this.settings.segmentS,
      dir: this.segmentDir,
      runId,
      onSegment: (segment) => this.events.onSegment(segment),
      onProgress: delivered,
    });
  }

  private onUp(): void {
    this.log.info({ event_type: 'rtsp.stream_up', role: 'recording' }, 'recording stream up');
    this.events.onUp();
  }

  private onEnded(ended: RunEnded): void {
    const problem = describeEnd(ended);
    this.log[ended.delivered ? 'warn' : 'debug'](
      {
        event_type: 'rtsp.stream_down',
        role: 'recording',
        reason: ended.reason,
        retry_in_ms: Math.round(ended.retryInMs),
        failures_in_row: ended.failuresInRow,
      },
      `recording stream down: ${problem}`,
    );
    this.events.onDown(problem);
  }
}
