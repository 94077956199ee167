import type { LiveCamera, LiveCameraReports } from '../../core/live-camera.js';
import { CameraWatch, type LiveWatchNeeds } from './camera-watch.js';

/**
 * Where live cameras report: one CameraWatch per camera, made when its source starts. Sources learn
 * nothing back but the event id their recording belongs to.
 */
export class LiveWatch implements LiveCameraReports {
  private readonly watches = new Map<string, CameraWatch>();

  constructor(private readonly options: LiveWatchNeeds) {}

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
