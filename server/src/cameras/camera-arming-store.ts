import type { CameraArming } from '../core/camera-arming.js';
import type { EventBus } from '../core/event-bus.js';
import type { LocalSettings } from '../store/local-settings.js';

const KEY_PREFIX = 'armed:';

/** Armed flags in the local settings; every camera is armed until someone disarms it. */
export class CameraArmingStore implements CameraArming {
  constructor(
    private readonly settings: LocalSettings,
    private readonly bus: EventBus,
  ) {}

  isArmed(camera: string): boolean {
    return this.settings.get(KEY_PREFIX + camera) !== 'false';
  }

  setArmed(camera: string, armed: boolean): void {
    const changed = this.isArmed(camera) !== armed;
    this.settings.set(KEY_PREFIX + camera, String(armed));
    if (changed) this.bus.emit('camera.armedChanged', camera, armed);
  }
}
