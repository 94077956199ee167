import type { ClipAnalyzer } from '../../core/clip-analyzer.js';
import type { SignalBus } from '../../core/signal-bus.js';
import type { LiveCamera } from '../../core/live-camera.js';
import type { Logger } from '../../core/logger.js';
import type { ObjectDetector } from '../../core/object-detector.js';
import type { MediaStore } from '../../media/media-store.js';
import { inBackground } from '../../runtime/background.js';
import { Backoff } from '../../runtime/backoff.js';
import { EarlyAnalysis } from './early-analysis.js';
import type { LiveActivity } from './live-activity.js';
import { LiveDetection } from './live-detection.js';
import type { Zone } from '../../core/zone.js';

/** What live watching does for every camera, from the config. */
export interface LiveWatchSettings {
  readonly liveFps: number;
  readonly triggerLabels: readonly string[];
  readonly confirmFrames: number;
  readonly earlyAfterS: number;
  /** Each camera's zones (none for a camera without). */
  readonly zones?: ReadonlyMap<string, readonly Zone[]>;
}

/** What watching live cameras needs, the same for each camera. */
export interface LiveWatchNeeds {
  readonly activity: LiveActivity;
  /** Null when detection is off: motion alone makes events. */
  readonly detector: ObjectDetector | null;
  /** Null when the analyzer is off: no early VLM call. */
  readonly analyzer: ClipAnalyzer | null;
  readonly media: Pick<MediaStore, 'writeLiveSnapshot'>;
  readonly bus: SignalBus;
  readonly settings: LiveWatchSettings;
  readonly log: Logger;
}

export interface CameraWatchOptions extends LiveWatchNeeds {
  readonly camera: LiveCamera;
}

/** A live detector whose run ended by itself is started again after this, growing while it keeps failing. */
const DETECTION_RESTART = { initialMs: 500, maxMs: 30_000, jitter: 0.2 };

/**
 * What happens in front of one live camera, as it happens: motion opens the camera's event and turns
 * the motion sensor on at once, the live detector runs while there is motion (none on a still scene),
 * a confirmed trigger schedules the early VLM call, and the event learns when its recording is over.
 */
export class CameraWatch {
  private readonly detection: LiveDetection | null;
  private readonly early: EarlyAnalysis | null;
  private readonly restarts = new Backoff(DETECTION_RESTART);
  private restartTimer: NodeJS.Timeout | null = null;
  private current: { readonly id: string; readonly startedAt: Date } | null = null;
  private moving = false;

  constructor(private readonly options: CameraWatchOptions) {
    const { analyzer, detector, camera, settings, log } = options;
    this.early = analyzer
      ? new EarlyAnalysis({ camera, analyzer, live: options.activity, delayMs: settings.earlyAfterS * 1000, log })
      : null;
    this.detection = detector
      ? new LiveDetection({
          camera,
          detector,
          live: options.activity,
          media: options.media,
          bus: options.bus,
          fps: settings.liveFps,
          triggerLabels: settings.triggerLabels,
          confirmFrames: settings.confirmFrames,
          zones: settings.zones?.get(camera.camera) ?? [],
          log,
          onConfirmed: (eventId, moment) => this.early?.schedule(eventId, moment),
          onEnded: (sawFrames) => this.detectionEnded(sawFrames),
        })
      : null;
  }

  get name(): string {
    return this.options.camera.camera;
  }

  motionStarted(atMs: number): string {
    const id = this.options.activity.motionStarted(this.name, atMs);
    if (this.current?.id !== id) this.current = { id, startedAt: new Date(atMs) };
    this.moving = true;
    this.options.bus.emit('camera.motion', this.name, true, atMs);
    this.restarts.reset();
    this.detection?.start(id, this.current.startedAt);
    return id;
  }

  motionStopped(atMs: number): void {
    this.moving = false;
    this.cancelRestart();
    this.options.bus.emit('camera.motion', this.name, false, atMs);
    if (this.detection) inBackground(this.detection.stop(), this.options.log, 'stopping the live detector');
    if (this.current) this.options.activity.activityEnded(this.current.id, atMs);
  }

  recordingFinished(eventId: string): void {
    if (this.current?.id === eventId) this.current = null;
    this.options.activity.recordingFinished(eventId);
  }

  async stop(): Promise<void> {
    this.moving = false;
    this.cancelRestart();
    await this.detection?.stop();
    await this.early?.stop();
  }

  /** The stream under the detector ended (the camera's session restarted) or the detector failed: look again while motion lasts. */
  private detectionEnded(sawFrames: boolean): void {
    if (!this.moving || !this.current || this.restartTimer) return;
    if (sawFrames) this.restarts.reset();
    const waitMs = this.restarts.next();
    if (this.restarts.attempts > 1)
      this.options.log.warn(
        { event_type: 'live.detection_restart', camera: this.name, attempts: this.restarts.attempts, wait_ms: Math.round(waitMs) },
        `live detector ended without results; trying again in ${Math.round(waitMs / 1000)} s`,
      );
    this.restartTimer = setTimeout(() => {
      this.restartTimer = null;
      if (this.moving && this.current) this.detection?.start(this.current.id, this.current.startedAt);
    }, waitMs);
    this.restartTimer.unref();
  }

  private cancelRestart(): void {
    if (this.restartTimer) clearTimeout(this.restartTimer);
    this.restartTimer = null;
  }
}
