import type { SignalBus } from '../../../core/signal-bus.js';
import type { CameraStatus } from '../../../core/bus-signals.js';

export type StreamRole = 'motion' | 'recording';

interface RoleState {
  up: boolean;
  problem: string | null;
}

/**
 * Online/offline and last-frame time of one camera. The camera is online while both roles deliver
 * (motion frames and recorded segments); a change is emitted on the bus at once.
 */
export class CameraStatusTracker {
  private readonly roles: Record<StreamRole, RoleState> = {
    motion: { up: false, problem: 'connecting' },
    recording: { up: false, problem: 'connecting' },
  };
  private lastFrameAt: number | null = null;
  private lastEmitted: CameraStatus | null = null;
  private stopped = false;

  constructor(
    private readonly camera: string,
    private readonly bus: SignalBus,
    private readonly onStatus: (status: CameraStatus) => void,
  ) {}

  frame(atMs: number): void {
    this.lastFrameAt = atMs;
  }

  up(role: StreamRole): void {
    this.roles[role] = { up: true, problem: null };
    this.publish(false);
  }

  down(role: StreamRole, problem: string): void {
    this.roles[role] = { up: false, problem };
    this.publish(false);
  }

  /** The source stopped: offline with that reason, and no further changes. */
  markStopped(): void {
    this.publish(true, 'stopped');
    this.stopped = true;
  }

  /** Re-emits the current status (keeps lastFrameAt fresh for listeners). */
  heartbeat(): void {
    this.publish(true);
  }

  current(): CameraStatus {
    const online = this.roles.motion.up && this.roles.recording.up;
    const problems = (['motion', 'recording'] as const)
      .filter((role) => this.roles[role].problem !== null)
      .map((role) => `${role} stream: ${this.roles[role].problem ?? ''}`);
    return {
      camera: this.camera,
      online,
      lastFrameAt: this.lastFrameAt === null ? null : new Date(this.lastFrameAt).toISOString(),
      detail: problems.length > 0 ? problems.join('; ') : null,
    };
  }

  private publish(always: boolean, detailOverride?: string): void {
    if (this.stopped) return;
    const now = this.current();
    const status = detailOverride ? { ...now, online: false, detail: detailOverride } : now;
    const previous = this.lastEmitted;
    if (!always && previous && previous.online === status.online && previous.detail === status.detail) return;
    this.lastEmitted = status;
    this.bus.emit('camera.statusChanged', status);
    this.onStatus(status);
  }
}
