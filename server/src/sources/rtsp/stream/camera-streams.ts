import type { Logger } from '../../../core/logger.js';
import type { FfmpegTools } from '../../../media/ffmpeg-tools.js';
import { runProcess } from '../../../media/run-process.js';
import { inBackground } from '../../../runtime/background.js';
import type { SessionOutputs } from './camera-session.js';
import type { Segment } from '../segment.js';
import type { StreamRole } from './camera-status-tracker.js';
import type { RecorderFailure } from './recorder-failure.js';
import type { RtspSettings } from '../rtsp-settings.js';
import { StreamSession } from './stream-session.js';

export interface CameraStreamsEvents {
  readonly onSegment: (segment: Segment) => void;
  readonly onMotionFrame: (frame: Uint8Array, atMs: number) => void;
  readonly onRelay: (chunk: Buffer) => void;
  /** The session feeding motion and the relay started anew: relayed readers must start over. */
  readonly onAnalysisRestart: () => void;
  readonly onUp: (role: StreamRole) => void;
  readonly onDown: (role: StreamRole, problem: string) => void;
}

/**
 * The RTSP sessions of one camera: one when it has no `detect_url` (the main stream feeds recording,
 * motion, the live detector's relay and the dashboard picture), two when a sub-stream is named (the
 * main stream only records). When the sub-stream keeps failing, the main stream takes over its work
 * and the sub-stream is probed now and then to be taken back.
 */
export class CameraStreams {
  private readonly main: StreamSession;
  private detect: StreamSession | null = null;
  private analysisOnMain: boolean;
  private probeTimer: NodeJS.Timeout | null = null;
  private readonly stopping = new AbortController();
  private signal: AbortSignal | null = null;

  constructor(
    private readonly settings: RtspSettings,
    private readonly tools: FfmpegTools,
    private readonly files: { readonly segmentDir: string; readonly picture: string },
    private readonly events: CameraStreamsEvents,
    private readonly log: Logger,
  ) {
    this.analysisOnMain = settings.detectUrl === null;
    this.main = new StreamSession({
      name: 'main',
      url: settings.url,
      settings,
      tools,
      outputs: () => this.mainOutputs(),
      events: {
        onSegment: events.onSegment,
        onMotionFrame: events.onMotionFrame,
        onRelay: events.onRelay,
        onUp: () => {
          events.onUp('recording');
          if (this.analysisOnMain) events.onUp('motion');
        },
        onDown: (problem) => {
          events.onDown('recording', problem);
          if (this.analysisOnMain) {
            events.onDown('motion', problem);
            events.onAnalysisRestart();
          }
        },
      },
      log,
    });
  }

  /** Why the main stream cannot be recorded right now, with what to do; null while it records. */
  recorderFailure(): RecorderFailure | null {
    return this.main.recorderFailure;
  }

  /** RTSP sessions this camera holds (what the README tells users to expect). */
  get sessions(): number {
    return this.detect ? 2 : 1;
  }

  start(signal: AbortSignal): void {
    this.signal = signal;
    this.main.start(signal);
    if (!this.analysisOnMain) this.startDetect();
  }

  async stop(): Promise<void> {
    this.stopping.abort();
    if (this.probeTimer) clearInterval(this.probeTimer);
    await Promise.all([this.main.stop(), this.detect?.stop()]);
  }

  private mainOutputs(): SessionOutputs {
    const segments = { segmentS: this.settings.segmentS, dir: this.files.segmentDir, runId: '' };
    return this.analysisOnMain
      ? { segments, motion: this.motionOutput(), relay: true, picture: this.pictureOutput() }
      : { segments, motion: null, relay: false, picture: null };
  }

  private analysisOutputs(): SessionOutputs {
    return { segments: null, motion: this.motionOutput(), relay: true, picture: this.pictureOutput() };
  }

  private motionOutput(): SessionOutputs['motion'] {
    const { motionFps: fps, motionBlur: blur, motion } = this.settings;
    return { fps, width: motion.width, height: motion.height, blur };
  }

  private pictureOutput(): SessionOutputs['picture'] {
    return { path: this.files.picture, everyS: 5, maxWidth: 640 };
  }

  private startDetect(): void {
    const url = this.settings.detectUrl;
    if (!url || !this.signal) return;
    const session = new StreamSession({
      name: 'detect',
      url,
      settings: this.settings,
      tools: this.tools,
      outputs: () => this.analysisOutputs(),
      events: {
        onSegment: () => undefined,
        onMotionFrame: this.events.onMotionFrame,
        onRelay: this.events.onRelay,
        onUp: () => this.events.onUp('motion'),
        onDown: (problem, failuresInRow) => {
          this.events.onDown('motion', problem);
          this.events.onAnalysisRestart();
          if (failuresInRow >= this.settings.detectFallbackAfter) this.fallBackToMain();
        },
      },
      log: this.log,
    });
    this.detect = session;
    session.start(this.signal);
  }

  private fallBackToMain(): void {
    if (this.analysisOnMain) return;
    const detect = this.detect;
    this.detect = null;
    this.analysisOnMain = true;
    this.log.warn(
      { event_type: 'rtsp.detect_fallback', retry_detect_every_ms: this.settings.detectRetryMs },
      'detect stream keeps failing; the main stream takes over motion and live detection',
    );
    if (detect) inBackground(detect.stop(), this.log, 'stopping the detect stream');
    this.main.replace();
    this.probeTimer = setInterval(() => inBackground(this.probeDetect(), this.log, 'detect stream probe'), this.settings.detectRetryMs);
  }

  /** While on the fallback: is the detect stream back? Then it takes its work back. */
  private async probeDetect(): Promise<void> {
    const url = this.settings.detectUrl;
    if (!url || !this.analysisOnMain || this.stopping.signal.aborted) return;
    const timeoutUs = String(Math.round(this.settings.socketTimeoutS * 1_000_000));
    const args = ['-v', 'error', '-rtsp_transport', this.settings.transport, '-timeout', timeoutUs, '-i', url];
    try {
      const { stdout } = await runProcess(this.tools.ffprobe, [...args, '-show_entries', 'stream=codec_type', '-of', 'csv=p=0'], {
        timeoutMs: 15_000,
        signal: this.stopping.signal,
      });
      if (!stdout.toString('utf8').includes('video') || this.stopping.signal.aborted) return;
    } catch {
      return; // still down; try again at the next interval
    }
    if (this.probeTimer) clearInterval(this.probeTimer);
    this.probeTimer = null;
    this.analysisOnMain = false;
    this.log.info({ event_type: 'rtsp.detect_recovered' }, 'detect stream answers again; it takes motion and live detection back');
    this.main.replace();
    this.startDetect();
  }
}
