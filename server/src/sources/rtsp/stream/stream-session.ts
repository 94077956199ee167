import type { Logger } from '../../../core/logger.js';
import { redactUrlCredentials } from '../../../logging/redact.js';
import type { FfmpegTools } from '../../../media/ffmpeg-tools.js';
import { CameraSession, type SessionOutputs } from './camera-session.js';
import { summariseStderr, type StreamProcess } from './ffmpeg-process.js';
import type { Segment } from '../segment.js';
import type { RtspSettings } from '../rtsp-settings.js';
import { recorderFailure, type RecorderFailure } from './recorder-failure.js';
import { describeEnd, StreamSupervisor, type RunEnded } from './stream-supervisor.js';
import type { StreamInput, StreamUrl } from './stream-url.js';
import { UrlResolvingProcess } from './url-resolving-process.js';

export interface StreamSessionEvents {
  readonly onSegment: (segment: Segment) => void;
  readonly onMotionFrame: (frame: Uint8Array, atMs: number) => void;
  readonly onRelay: (chunk: Buffer) => void;
  readonly onUp: () => void;
  /** The stream ended (it is retried); `failuresInRow` counts runs that delivered nothing. */
  readonly onDown: (problem: string, failuresInRow: number, replaced: boolean) => void;
}

export interface StreamSessionOptions {
  /** `main` (the recorded stream) or `detect` (a sub-stream for motion and the live detector). */
  readonly name: 'main' | 'detect';
  /** A fixed URL, or a provider asked at every (re)connect (a Home Assistant camera's expiring HLS URL). */
  readonly url: StreamUrl;
  readonly settings: RtspSettings;
  readonly tools: FfmpegTools;
  /** Read at every (re)start, so a replaced session picks up what it now has to feed. */
  readonly outputs: () => SessionOutputs;
  readonly events: StreamSessionEvents;
  readonly log: Logger;
}

/**
 * One RTSP session kept alive: one ffmpeg at a time, restarted with backoff when it exits or stalls,
 * replaced at once when what it must feed changes (the detect stream failed or came back).
 */
export class StreamSession {
  private readonly supervisor: StreamSupervisor;
  private runs = 0;
  private failure: RecorderFailure | null = null;
  /** The stream delivers again while the recorder was failing: it counts as up once a segment is written. */
  private upPending = false;

  constructor(private readonly options: StreamSessionOptions) {
    const { settings, log } = options;
    this.supervisor = new StreamSupervisor(
      {
        stallTimeoutMs: settings.stallTimeoutMs,
        connectTimeoutMs: settings.connectTimeoutMs,
        stopGraceMs: settings.stopGraceMs,
        backoff: settings.backoff,
      },
      {
        start: (delivered) => this.startSession(delivered),
        onUp: () => this.onUp(),
        onEnded: (ended) => this.onEnded(ended),
        unusable: (exit) => this.options.outputs().segments !== null && recorderFailure(exit.stderrTail) !== null,
      },
      log,
    );
  }

  start(signal: AbortSignal): void {
    this.supervisor.start(signal);
  }

  /** Stops ffmpeg with SIGTERM so it closes the open segment; resolves after that segment was delivered. */
  async stop(): Promise<void> {
    await this.supervisor.stop();
    if (typeof this.options.url !== 'string') await this.options.url.stop?.();
  }

  /** Why the recorder cannot write this stream now (full disk, timestamps), with what to do; null while it records. */
  get recorderFailure(): RecorderFailure | null {
    return this.failure;
  }

  /** Ends the current run so the next one starts at once with the current outputs. */
  replace(): void {
    this.supervisor.replace();
  }

  private startSession(delivered: () => void): StreamProcess {
    const { url } = this.options;
    if (typeof url === 'string') return this.startOn({ url, headers: null }, delivered, redactUrlCredentials(url));
    return new UrlResolvingProcess(
      (signal) => url.resolve(signal),
      (input) => this.startOn(input, delivered, url.label),
    );
  }

  /** Starts ffmpeg on `input`; `shownAs` is what the log says of the URL (no credentials, no token). */
  private startOn(input: StreamInput, delivered: () => void, shownAs: string): CameraSession {
    const { settings, tools, events, name, log } = this.options;
    this.runs++;
    // Time-based run ids keep names unique across restarts of HomeSec too.
    const runId = `run${Date.now().toString(36)}${this.runs}`;
    const outputs = this.options.outputs();
    log.debug(
      { event_type: 'rtsp.session_connect', stream: name, url: shownAs, outputs: describeOutputs(outputs) },
      `${name} stream connecting`,
    );
    return CameraSession.start({
      tools,
      url: input.url,
      headers: input.headers,
      transport: settings.transport,
      socketTimeoutS: settings.socketTimeoutS,
      outputs: outputs.segments ? { ...outputs, segments: { ...outputs.segments, runId } } : outputs,
      onSegment: (segment) => {
        this.recorded();
        events.onSegment(segment);
      },
      onMotionFrame: (frame, at) => {
        delivered();
        events.onMotionFrame(frame, at);
      },
      onRelay: events.onRelay,
      onProgress: delivered,
      onListFailed: (error) =>
        log.debug(
          { event_type: 'rtsp.segment_list_failed', stream: name, dir: outputs.segments?.dir, err: error },
          'segment list read failed',
        ),
    });
  }

  private onUp(): void {
    // While the recorder was failing, frames alone do not make the stream up: a written segment does.
    if (this.failure) {
      this.upPending = true;
      return;
    }
    this.options.log.info({ event_type: 'rtsp.stream_up', stream: this.options.name }, `${this.options.name} stream up`);
    this.options.events.onUp();
  }

  private recorded(): void {
    if (!this.failure) return;
    this.options.log.info({ event_type: 'rtsp.recorder_recovered', stream: this.options.name, was: this.failure.kind }, 'recording again');
    this.failure = null;
    if (this.upPending) {
      this.upPending = false;
      this.onUp();
    }
  }

  /** Said once (a warning) until it records again; later runs that fail the same way log at debug. */
  private onRecorderFailed(ended: RunEnded, failure: RecorderFailure): void {
    const first = this.failure?.kind !== failure.kind;
    this.failure = failure;
    this.options.log[first ? 'warn' : 'debug'](
      {
        event_type: 'rtsp.recorder_failed',
        stream: this.options.name,
        kind: failure.kind,
        stderr: summariseStderr(ended.exit.stderrTail),
        retry_in_ms: Math.round(ended.retryInMs),
        failures_in_row: ended.failuresInRow,
      },
      failure.message,
    );
    this.options.events.onDown(failure.message, ended.failuresInRow, false);
  }

  private onEnded(ended: RunEnded): void {
    this.upPending = false;
    const failure = ended.unusable ? recorderFailure(ended.exit.stderrTail) : null;
    if (failure) {
      this.onRecorderFailed(ended, failure);
      return;
    }
    this.failure = null;
    const problem = describeEnd(ended);
    this.options.log[ended.delivered ? 'warn' : 'debug'](
      {
        event_type: 'rtsp.stream_down',
        stream: this.options.name,
        reason: ended.reason,
        retry_in_ms: Math.round(ended.retryInMs),
        failures_in_row: ended.failuresInRow,
      },
      `${this.options.name} stream down: ${problem}`,
    );
    this.options.events.onDown(problem, ended.failuresInRow, ended.reason === 'replaced');
  }
}

function describeOutputs(outputs: SessionOutputs): string[] {
  return [
    ...(outputs.segments ? ['segments'] : []),
    ...(outputs.motion ? ['motion'] : []),
    ...(outputs.relay ? ['relay'] : []),
    ...(outputs.picture ? ['picture'] : []),
  ];
}
