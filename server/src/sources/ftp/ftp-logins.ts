import { LoginLimiter } from '../../http/auth/login-limiter.js';
import type { FtpAccounts } from './ftp-accounts.js';

/** A login's answer: the camera, or why not (for the log; the client gets "Login incorrect" or the wait). */
export type FtpLoginVerdict =
  | { readonly ok: true; readonly camera: string }
  | { readonly ok: false; readonly reason: string; readonly waitS: number; readonly nowLimited: boolean };

/**
 * The cameras' FTP logins with a limit per client address: after five failed logins within 15
 * minutes that address is refused without its password being checked until the oldest failure
 * ages out (the dashboard's rule). Other addresses, the other cameras, log in as before.
 */
export class FtpLogins {
  private readonly limiter: LoginLimiter;

  constructor(
    private readonly accounts: FtpAccounts,
    now: () => number = Date.now,
  ) {
    this.limiter = new LoginLimiter(now);
  }

  check(username: string, password: string, remote: string): FtpLoginVerdict {
    const waitMs = this.limiter.waitMs(remote);
    if (waitMs > 0) {
      const waitS = Math.ceil(waitMs / 1000);
      return { ok: false, reason: `too many failed logins from ${remote}; try again in ${waitS} s`, waitS, nowLimited: false };
    }
    const check = this.accounts.check(username, password);
    if (check.ok) {
      this.limiter.succeeded(remote);
      return check;
    }
    this.limiter.failed(remote);
    const waitS = Math.ceil(this.limiter.waitMs(remote) / 1000);
    return { ok: false, reason: check.reason, waitS: 0, nowLimited: waitS > 0 };
  }
}
