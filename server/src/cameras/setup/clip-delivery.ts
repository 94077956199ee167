import { networkInterfaces } from 'node:os';
import { join } from 'node:path';
import { ADDON_INBOX_DIR } from '../../config/embedded-defaults.js';
import type { FtpConfig } from '../../config/sections/ftp-config.js';
import type { ClipDelivery } from '../../http/camera-setup-contract.js';

export interface ClipDeliveryContext {
  /** Where the camera is saved: the add-on's options (its inbox is /share/homesec) or a config file. */
  readonly saveTo: 'addon' | 'file';
  /** The resolved data folder: a file config's folder cameras watch <data_dir>/inbox/<name>. */
  readonly dataDir: string;
  readonly ftp: FtpConfig;
  /** The host's LAN address from the Supervisor (the add-on), null when it cannot tell or outside the add-on. */
  readonly hostAddress: () => Promise<string | null>;
}

/**
 * Where an FTP or folder camera sends its clips, for the wizard's "set up your camera" step: the same
 * folder load-config gives a folder camera without a path, and the FTP login the FTP source checks
 * (user = the camera's name). HomeSec's one FTP server runs whenever an enabled FTP camera exists, so
 * with this camera it runs from the next start.
 */
export async function clipDelivery(
  camera: { readonly name: string; readonly source: 'ftp' | 'folder' },
  context: ClipDeliveryContext,
): Promise<ClipDelivery> {
  if (camera.source === 'folder') {
    const inbox = context.saveTo === 'addon' ? ADDON_INBOX_DIR : join(context.dataDir, 'inbox');
    return { kind: 'folder', path: join(inbox, camera.name) };
  }
  return {
    kind: 'ftp',
    host: await ftpHost(context),
    port: context.ftp.port,
    username: camera.name,
    serverEnabled: true,
  };
}

/**
 * The address a camera types in: the configured passive address (the host's LAN address behind NAT),
 * else the Supervisor's host address in the add-on, else the address the FTP server listens on when
 * it is one, else this machine's first LAN IPv4 address.
 */
async function ftpHost(context: ClipDeliveryContext): Promise<string | null> {
  if (context.ftp.passiveUrl !== '') return context.ftp.passiveUrl;
  if (context.saveTo === 'addon') return context.hostAddress();
  if (!['0.0.0.0', '::', ''].includes(context.ftp.host)) return context.ftp.host;
  const lan = Object.values(networkInterfaces())
    .flatMap((list) => list ?? [])
    .find((i) => i.family === 'IPv4' && !i.internal);
  return lan?.address ?? null;
}
