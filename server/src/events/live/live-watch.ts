import type { ClipAnalyzer } from '../../core/clip-analyzer.js';
import type { SignalBus } from '../../core/signal-bus.js';
import type { LiveCamera, LiveCameraReports } from '../../core/live-camera.js';
import type { Logger } from '../../core/logger.js';
import type { ObjectDetector } from '../../core/object-detector.js';
import type { MediaStore } from '../../media/media-store.js';
import { CameraWatch, type LiveWatchSettings } from './camera-watch.js';
import type { LiveActivity } from './live-activity.js';

export interface LiveWatchOptions {
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

/**
 * Where live cameras report: one CameraWatch per camera, made when its source starts. Sources learn
 * nothing back but the event id their recording belongs to.
 */
export class LiveWatch implements LiveCameraReports {
  private readonly watches = new Map<string, CameraWatch>();

  constructor(private readonly options: LiveWatchOptions) {}

  cameraStarted(camera: LiveCamera, recovering: readonly string[]): void {
    const { log, ...rest } = this.options;
    this.watches.set(camera.camera, new CameraWatch({ ...rest, camera, log: log.child({ camera: camera.camera }) }));
    this.options.activity.liveCameraStarted(camera.camera, recovering);
  }

  motionStarted(camera: string, atMs: number): string {
    const watch = this.watches.get(camera);
    // A source reports motion only after it started; without a watch the event service still keeps the event.
    return watch ? watch.motionStarted(atMs) : this.options.activity.motionStarted(camera, atMs);
  }

  motionStopped(camera: string, atMs: number): void {
    this.watches.get(camera)?.motionStopped(atMs);
  }

  recordingFinished(camera: string, eventId: string): void {
    const watch = this.watches.get(camera);
    if (watch) watch.recordingFinished(eventId);
    else this.options.activity.recordingFinished(eventId);
  }

  async cameraStopped(camera: string): Promise<void> {
    await this.watches.get(camera)?.stop();
  }
}
