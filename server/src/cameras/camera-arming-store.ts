import type { CameraArming } from '../core/camera-arming.js';
import type { SignalBus } from '../core/signal-bus.js';
import type { LocalSettings } from '../store/local-settings.js';
import { CameraSnoozes } from './camera-snooze.js';

const KEY_PREFIX = 'armed:';

export interface CameraArmingStoreOptions {
  /** The configured cameras: an all-cameras snooze announces each of them. */
  readonly cameras?: readonly string[];
  readonly now?: () => Date;
  readonly schedule?: (ms: number, fn: () => void) => NodeJS.Timeout;
}

/**
 * Armed flags in the local settings (every camera is armed until someone disarms it) and snoozes
 * (camera-snooze.ts). A camera alerts when armed and not snoozed; every change of that, a snooze's
 * own end included, is announced as 'camera.armedChanged'.
 */
export class CameraArmingStore implements CameraArming {
  private readonly snoozes: CameraSnoozes;
  private readonly cameras: readonly string[];

  constructor(
    private readonly settings: LocalSettings,
    private readonly bus: SignalBus,
    options: CameraArmingStoreOptions = {},
  ) {
    this.cameras = options.cameras ?? [];
    this.snoozes = new CameraSnoozes(settings, {
      ...(options.now ? { now: options.now } : {}),
      ...(options.schedule ? { schedule: options.schedule } : {}),
      onExpired: (camera) => this.announce(camera === null ? this.cameras : [camera], null),
    });
    this.snoozes.resume(this.cameras);
  }

  isArmed(camera: string): boolean {
    return this.isArmedFlag(camera) && this.snoozedUntil(camera) === null;
  }

  setArmed(camera: string, armed: boolean): void {
    const before = this.isArmed(camera);
    this.settings.set(KEY_PREFIX + camera, String(armed));
    if (armed) this.snoozes.set(camera, null);
    if (this.isArmed(camera) !== before) this.bus.emit('camera.armedChanged', camera, this.isArmed(camera));
  }

  snoozedUntil(camera: string): Date | null {
    const own = this.snoozes.until(camera);
    const all = this.snoozes.until(null);
    if (own === null) return all;
    if (all === null) return own;
    return own.getTime() > all.getTime() ? own : all;
  }

  snoozedAllUntil(): Date | null {
    return this.snoozes.until(null);
  }

  snooze(camera: string | null, until: Date | null): void {
    const affected = camera === null ? this.cameras : [camera];
    const before = new Map(affected.map((c) => [c, this.isArmed(c)]));
    this.snoozes.set(camera, until);
    this.announce(affected, before);
  }

  /** Stops the expiry timers (they never hold the process open; this is for tests and shutdown). */
  stop(): void {
    this.snoozes.stop();
  }

  private isArmedFlag(camera: string): boolean {
    return this.settings.get(KEY_PREFIX + camera) !== 'false';
  }

  private announce(cameras: readonly string[], before: Map<string, boolean> | null): void {
    for (const camera of cameras) {
      const armed = this.isArmed(camera);
      if (before === null || before.get(camera) !== armed) this.bus.emit('camera.armedChanged', camera, armed);
    }
  }
}
