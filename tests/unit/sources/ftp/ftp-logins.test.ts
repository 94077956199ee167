import { describe, expect, it } from 'vitest';
import { parseConfigSection } from '../../../../server/src/config/schema.js';
import { CameraConfigSchema, type FtpCameraConfig } from '../../../../server/src/config/sections/camera-config.js';
import { FtpAccounts } from '../../../../server/src/sources/ftp/ftp-accounts.js';
import { FtpLogins } from '../../../../server/src/sources/ftp/ftp-logins.js';

const camera = (c: Record<string, unknown>) => parseConfigSection(CameraConfigSchema, { source: 'ftp', ...c }) as FtpCameraConfig;

describe('FtpLogins', () => {
  it('makes an address wait after five failed logins, without checking its password, while other addresses log in', () => {
    // Given a camera, and a clock the test moves
    let now = 1_000_000;
    const logins = new FtpLogins(new FtpAccounts([camera({ name: 'porch', password: 'cam-pass' })]), () => now);
    // When one address guesses five times
    const guesses = Array.from({ length: 5 }, (_, i) => logins.check('porch', `guess-${i}`, '10.0.0.66'));
    // Then each is refused, and the fifth says the address must now wait
    expect(guesses.map((g) => g.ok)).toEqual([false, false, false, false, false]);
    expect(guesses.map((g) => (g.ok ? null : g.nowLimited))).toEqual([false, false, false, false, true]);
    // And the right password from there is refused too, with the wait, while the camera's own address logs in
    expect(logins.check('porch', 'cam-pass', '10.0.0.66')).toMatchObject({ ok: false, waitS: 900 });
    expect(logins.check('porch', 'cam-pass', '10.0.0.20')).toEqual({ ok: true, camera: 'porch' });
    // When 15 minutes have passed / Then the address may log in again
    now += 15 * 60_000;
    expect(logins.check('porch', 'cam-pass', '10.0.0.66')).toEqual({ ok: true, camera: 'porch' });
  });

  it('forgets the failures of an address once it logs in', () => {
    // Given four failures and then a success from one address
    const logins = new FtpLogins(new FtpAccounts([camera({ name: 'porch', password: 'cam-pass' })]));
    for (let i = 0; i < 4; i++) logins.check('porch', 'wrong', '10.0.0.7');
    expect(logins.check('porch', 'cam-pass', '10.0.0.7').ok).toBe(true);
    // When it fails four more times / Then it is still not held up
    for (let i = 0; i < 4; i++) logins.check('nobody', 'wrong', '10.0.0.7');
    expect(logins.check('porch', 'cam-pass', '10.0.0.7').ok).toBe(true);
  });
});
