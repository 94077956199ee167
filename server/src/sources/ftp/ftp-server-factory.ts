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
  disconnectWithoutTimer(server);
  for (const signal of SIGNALS) {
    for (const listener of process.listeners(signal)) {
      if (!before.get(signal)?.has(listener)) process.removeListener(signal, listener);
    }
  }
  return server;
}

interface FtpSrvInternals {
  connections: Record<string, { close(code: number): unknown } | undefined>;
  disconnectClient(id: string): Promise<unknown>;
}

/**
 * ftp-srv's disconnectClient (run whenever a client's socket closes) arms a timer of `timeout` (our
 * 10-minute idle limit) that it never clears: after one FTP client had hung up, SIGTERM stopped
 * everything and the process then lingered up to 10 minutes. The same steps, without the timer.
 */
function disconnectWithoutTimer(server: FtpSrv): void {
  const internals = server as unknown as FtpSrvInternals;
  internals.disconnectClient = (id: string) => {
    const client = internals.connections[id];
    delete internals.connections[id];
    if (client) {
      try {
        Promise.resolve(client.close(0)).catch(() => undefined);
      } catch {
        // a socket already gone: nothing left to close
      }
    }
    return Promise.resolve();
  };
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
