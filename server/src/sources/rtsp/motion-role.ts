import type { Logger } from '../../logging/logger.js';
import type { FfmpegTools } from '../../media/ffmpeg-tools.js';
import { runProcess } from '../../media/run-process.js';
import { redactUrlCredentials } from '../../logging/redact.js';
import { MotionDetector, type MotionReading } from './motion-detector.js';
import { startMotionReader } from './motion-reader.js';
import type { RtspSettings } from './rtsp-settings.js';
import { describeEnd, StreamSupervisor, type RunEnded } from './stream-supervisor.js';
import { inBackground } from '../../core/background.js';

export interface MotionRoleEvents {
  readonly isRecording: () => boolean;
  readonly onFrame: (atMs: number) => void;
  readonly onMotion: (reading: MotionReading, atMs: number) => void;
  readonly onUp: (stream: 'detect' | 'main') => void;
  readonly onDown: (problem: string) => void;
}

/**
 * The motion role: one ffmpeg decoding the detect stream (or the main stream when there is none or
 * it keeps failing) to grey frames, and frame differencing on them. While on the fallback the detect
 * stream is probed now and then and taken back once it answers.
 */
export class MotionRole {
  private readonly detector: MotionDetector;
  private readonly supervisor: StreamSupervisor;
  private useDetect: boolean;
  private retryTimer: NodeJS.Timeout | null = null;
  private readonly stopping = new AbortController();

  constructor(
    private readonly settings: RtspSettings,
    private readonly tools: FfmpegTools,
    private readonly events: MotionRoleEvents,
    private readonly log: Logger,
  ) {
    this.detector = new MotionDetector(settings.motion);
    this.useDetect = settings.detectUrl !== null;
    this.supervisor = new StreamSupervisor(
      {
        stallTimeoutMs: settings.stallTimeoutMs,
        connectTimeoutMs: settings.connectTimeoutMs,
        stopGraceMs: settings.stopGraceMs,
        backoff: settings.backoff,
      },
      { start: (delivered) => this.startReader(delivered), onUp: () => this.onUp(), onEnded: (ended) => this.onEnded(ended) },
      log,
    );
  }

  start(signal: AbortSignal): void {
    this.supervisor.start(signal);
  }

  async stop(): Promise<void> {
    this.stopping.abort();
    if (this.retryTimer) clearInterval(this.retryTimer);
    await this.supervisor.stop();
  }

  private get streamName(): 'detect' | 'main' {
    return this.useDetect ? 'detect' : 'main';
  }

  private startReader(delivered: () => void) {
    const url = this.useDetect && this.settings.detectUrl ? this.settings.detectUrl : this.settings.url;
    this.detector.reset();
    this.log.debug(
      { event_type: 'rtsp.motion_connect', stream: this.streamName, url: redactUrlCredentials(url) },
      'motion stream connecting',
    );
    return startMotionReader({
      tools: this.tools,
      url,
      transport: this.settings.transport,
      socketTimeoutS: this.settings.socketTimeoutS,
      fps: this.settings.motionFps,
      width: this.settings.motion.width,
      height: this.settings.motion.height,
      blur: this.settings.motionBlur,
      onFrame: (frame, at) => {
        delivered();
        this.events.onFrame(at);
        const reading = this.detector.analyse(frame, this.events.isRecording());
        if (reading.motion) this.events.onMotion(reading, at);
      },
    });
  }

  private onUp(): void {
    this.log.info({ event_type: 'rtsp.stream_up', role: 'motion', stream: this.streamName }, 'motion stream up');
    this.events.onUp(this.streamName);
  }

  private onEnded(ended: RunEnded): void {
    const problem = describeEnd(ended);
    const level = ended.delivered ? 'warn' : 'debug';
    this.log[level](
      {
        event_type: 'rtsp.stream_down',
        role: 'motion',
        stream: this.streamName,
        reason: ended.reason,
        retry_in_ms: Math.round(ended.retryInMs),
        failures_in_row: ended.failuresInRow,
      },
      `motion stream down: ${problem}`,
    );
    if (ended.reason !== 'replaced') this.events.onDown(problem);
    if (this.useDetect && ended.failuresInRow >= this.settings.detectFallbackAfter) this.fallBackToMain();
  }

  private fallBackToMain(): void {
    this.useDetect = false;
    this.log.warn(
      { event_type: 'rtsp.detect_fallback', retry_detect_every_ms: this.settings.detectRetryMs },
      'detect stream keeps failing; motion uses the main stream',
    );
    this.retryTimer = setInterval(() => inBackground(this.probeDetect(), this.log, 'detect stream probe'), this.settings.detectRetryMs);
  }

  /** While on the fallback: is the detect stream back? Then switch to it. */
  private async probeDetect(): Promise<void> {
    const url = this.settings.detectUrl;
    if (!url || this.useDetect || this.stopping.signal.aborted) return;
    const timeoutUs = String(Math.round(this.settings.socketTimeoutS * 1_000_000));
    try {
      const { stdout } = await runProcess(
        this.tools.ffprobe,
        [
          '-v',
          'error',
          '-rtsp_transport',
          this.settings.transport,
          '-timeout',
          timeoutUs,
          '-i',
          url,
          '-show_entries',
          'stream=codec_type',
          '-of',
          'csv=p=0',
        ],
        { timeoutMs: 15_000, signal: this.stopping.signal },
      );
      if (!stdout.toString('utf8').includes('video') || this.stopping.signal.aborted) return;
    } catch {
      return; // still down; try again at the next interval
    }
    if (this.retryTimer) clearInterval(this.retryTimer);
    this.retryTimer = null;
    this.useDetect = true;
    this.log.info({ event_type: 'rtsp.detect_recovered' }, 'detect stream answers again; motion switches back to it');
    this.supervisor.replace();
  }
}
