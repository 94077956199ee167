import type { SignalBus } from '../../core/signal-bus.js';
import type { CameraStatus } from '../../core/bus-signals.js';

/**
 * Online/offline of the FTP cameras. FTP cameras are "online" while the shared server accepts
 * uploads (HomeSec cannot see the camera itself); lastFrameAt is the camera's last finished upload.
 */
export class FtpCameraStatus {
  private online = false;
  private detail = 'starting';
  private readonly lastUpload = new Map<string, Date>();
  private stopped = false;

  constructor(
    private readonly cameras: readonly string[],
    private readonly bus: SignalBus,
    private readonly onStatus: (status: CameraStatus) => void,
  ) {}

  up(detail: string): void {
    this.set(true, detail);
  }

  down(detail: string): void {
    this.set(false, detail);
  }

  uploaded(camera: string, at: Date): void {
    this.lastUpload.set(camera, at);
    if (!this.stopped) this.publish(camera);
  }

  markStopped(): void {
    this.set(false, 'stopped');
    this.stopped = true;
  }

  current(camera: string): CameraStatus {
    return { camera, online: this.online, lastFrameAt: this.lastUpload.get(camera)?.toISOString() ?? null, detail: this.detail };
  }

  private set(online: boolean, detail: string): void {
    if (this.stopped || (online === this.online && detail === this.detail)) return;
    this.online = online;
    this.detail = detail;
    for (const camera of this.cameras) this.publish(camera);
  }

  private publish(camera: string): void {
    const status = this.current(camera);
    this.bus.emit('camera.statusChanged', status);
    this.onStatus(status);
  }
}
