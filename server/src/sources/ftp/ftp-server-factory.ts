import { FtpSrv, type FtpServerOptions } from 'ftp-srv';
import type { Logger } from '../../core/logger.js';

export interface FtpListenOptions {
  readonly host: string;
  readonly port: number;
  readonly passiveMin: number;
  readonly passiveMax: number;
  /** Address for PASV replies, worked out per client. */
  readonly passiveAddress: (clientIp: string) => string;
  readonly log: Logger;
}

// Commands cameras do not need: resume/append would bypass the finished-upload rule, and the
// staging folder is not a file share.
export const REFUSED_COMMANDS = ['APPE', 'STOU', 'REST', 'RETR', 'SITE'];

const SIGNALS = ['SIGTERM', 'SIGINT', 'SIGQUIT'] as const;

/**
 * Builds an ftp-srv server. ftp-srv installs SIGTERM/SIGINT/SIGQUIT handlers that call
 * process.exit(0), which would cut HomeSec's own graceful shutdown short; they are removed here.
 */
export function createFtpServer(settings: FtpListenOptions): FtpSrv {
  const before = new Map(SIGNALS.map((s) => [s, new Set(process.listeners(s))]));
  // ftp-srv accepts a function for pasv_url (its typings only say string).
  const options = {
    url: `ftp://${settings.host}:${settings.port}`,
    pasv_url: settings.passiveAddress,
    pasv_min: settings.passiveMin,
    pasv_max: settings.passiveMax,
    anonymous: false,
    greeting: 'HomeSec FTP: upload camera clips here',
    blacklist: REFUSED_COMMANDS,
    // Idle control connections are closed after 10 minutes.
    timeout: 10 * 60_000,
    log: libraryLogger(settings.log),
  } as unknown as FtpServerOptions;
  const server = new FtpSrv(options);
  for (const signal of SIGNALS) {
    for (const listener of process.listeners(signal)) {
      if (!before.get(signal)?.has(listener)) process.removeListener(signal, listener);
    }
  }
  return server;
}

/**
 * ftp-srv logs every refused command at error level (we log those ourselves, with reasons) and at
 * trace level it logs raw command lines, passwords included: it gets debug at most, else nothing.
 */
function libraryLogger(log: Logger): Logger {
  return log.child({ component: 'ftp-srv' }, { level: log.isLevelEnabled('debug') ? 'debug' : 'silent' });
}

/** The port the server really listens on (differs from the configured one when that was 0). */
export function boundPort(server: FtpSrv, configured: number): number {
  const inner: unknown = (server as unknown as { server?: unknown }).server;
  const address =
    inner && typeof inner === 'object' && 'address' in inner && typeof inner.address === 'function'
      ? (inner.address as () => unknown)()
      : null;
  return address && typeof address === 'object' && 'port' in address && typeof address.port === 'number' ? address.port : configured;
}
