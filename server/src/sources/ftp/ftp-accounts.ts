import { createHash, timingSafeEqual } from 'node:crypto';
import type { FtpCameraConfig } from '../../config/sections/camera-config.js';

/** Who logged in, or why not (for the log only: the camera just gets "Login incorrect"). */
export type LoginCheck = { readonly ok: true; readonly camera: string } | { readonly ok: false; readonly reason: string };

interface Account {
  readonly camera: string;
  readonly password: string;
}

/** FTP logins of the cameras: user name (default the camera name) and password. */
export class FtpAccounts {
  private readonly byUser = new Map<string, Account>();
  /** Cameras left out because another camera already uses their user name (config validation prevents this). */
  readonly duplicates: string[] = [];

  constructor(cameras: readonly FtpCameraConfig[]) {
    for (const camera of cameras) {
      const user = camera.username ?? camera.name;
      if (this.byUser.has(user)) this.duplicates.push(camera.name);
      else this.byUser.set(user, { camera: camera.name, password: camera.password });
    }
  }

  check(username: string, password: string): LoginCheck {
    const account = this.byUser.get(username);
    if (!account) return { ok: false, reason: 'unknown user' };
    if (account.password === '') return { ok: false, reason: `camera ${account.camera} has no FTP password set (cameras[].password)` };
    if (!sameSecret(password, account.password)) return { ok: false, reason: 'wrong password' };
    return { ok: true, camera: account.camera };
  }
}

/** Compares digests so the time taken says nothing about how much of the password matched. */
function sameSecret(given: string, expected: string): boolean {
  const a = createHash('sha256').update(given).digest();
  const b = createHash('sha256').update(expected).digest();
  return timingSafeEqual(a, b);
}
