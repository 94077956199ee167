import type Database from 'better-sqlite3';
import type { CameraArming } from '../core/camera-arming.js';
import type { EventBus } from '../core/event-bus.js';

const KEY_PREFIX = 'armed:';

/** Armed flags in the local database; every camera is armed until someone disarms it. */
export class CameraArmingStore implements CameraArming {
  private readonly read: Database.Statement;
  private readonly write: Database.Statement;

  constructor(
    db: Database.Database,
    private readonly bus: EventBus,
  ) {
    this.read = db.prepare('SELECT value FROM settings WHERE key = ?').pluck();
    this.write = db.prepare('INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value');
  }

  isArmed(camera: string): boolean {
    return (this.read.get(KEY_PREFIX + camera) as string | undefined) !== 'false';
  }

  setArmed(camera: string, armed: boolean): void {
    const changed = this.isArmed(camera) !== armed;
    this.write.run(KEY_PREFIX + camera, String(armed));
    if (changed) this.bus.emit('camera.armedChanged', camera, armed);
  }
}
