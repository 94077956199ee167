import { EventEmitter } from 'node:events';
import { mkdir, stat, unlink } from 'node:fs/promises';
import { relative, resolve } from 'node:path';
import type { FtpConnection, FtpSrv } from 'ftp-srv';
import type { FtpCameraConfig } from '../../config/sections/camera-config.js';
import type { FtpConfig } from '../../config/sections/ftp-config.js';
import type { ClipIntake } from '../../core/clip-intake.js';
import type { ClipSource } from '../../core/clip-source.js';
import type { SignalBus } from '../../core/signal-bus.js';
import type { CameraStatus, HealthCheck } from '../../core/bus-signals.js';
import type { Logger } from '../../core/logger.js';
import { CameraFileSystem, type CameraJail } from './camera-file-system.js';
import { FtpAccounts } from './ftp-accounts.js';
import { FtpLogins } from './ftp-logins.js';
import { FtpCameraStatus } from './ftp-camera-status.js';
import { boundPort, createFtpServer } from './ftp-server-factory.js';
import { passiveAddressFor } from './passive-address.js';
import { StagingSweeper } from './staging-sweeper.js';
import { UploadHandover, type HandoverOutcome } from './upload-handover.js';
import { UploadNames } from './upload-names.js';
import type { UploadOutcome, UploadWriter } from './upload-writer.js';
import { backoffDelay } from '../../runtime/backoff.js';
import { inBackground } from '../../runtime/background.js';
import { describeQueueFailure } from '../../runtime/serial-queue.js';

export interface FtpSourceTiming {
  /** How often staging folders are checked for leftovers and retried. */
  readonly sweepMs: number;
  readonly uploadIdleTimeoutMs: number;
  /** First wait before listening again when the port was busy; doubles up to 5 minutes. */
  readonly listenRetryMs: number;
  /** First wait before offering a file intake could not take again. */
  readonly handoverRetryMs: number;
  /** Wait before answering a failed login (slows password guessing). */
  readonly loginFailureDelayMs: number;
  /** The clock of the per-address login limit (five failed logins within 15 minutes, then wait). */
  readonly now: () => number;
}

export interface FtpSourceOptions {
  /** Every camera with `source: ftp`; disabled ones get no login. */
  readonly cameras: readonly FtpCameraConfig[];
  readonly config: FtpConfig;
  /** `<data_dir>/ftp`: each camera uploads into `<stagingDir>/<camera>/`. */
  readonly stagingDir: string;
  readonly intake: ClipIntake;
  readonly bus: SignalBus;
  readonly log: Logger;
  readonly timing?: Partial<FtpSourceTiming>;
  /** The host's address for passive replies when ftp.passive_url is empty (the add-on asks the Supervisor). */
  readonly hostAddress?: () => Promise<string | null>;
}

/** Internal events, for tests and diagnostics; the rest of HomeSec listens to the bus. */
export type FtpSourceEvents = {
  listening: [info: { readonly port: number }];
  listenFailed: [info: { readonly reason: string }];
  upload: [info: { readonly camera: string; readonly clientPath: string; readonly outcome: UploadOutcome }];
  refused: [info: { readonly camera: string | null; readonly command: string; readonly path: string; readonly reason: string }];
  clipHandedOver: [outcome: HandoverOutcome];
  status: [status: CameraStatus];
};

const DEFAULT_TIMING: FtpSourceTiming = {
  sweepMs: 60_000,
  uploadIdleTimeoutMs: 120_000,
  listenRetryMs: 5_000,
  handoverRetryMs: 30_000,
  loginFailureDelayMs: 500,
  now: Date.now,
};
const MAX_LISTEN_RETRY_MS = 5 * 60_000;

interface Running {
  readonly cameras: readonly string[];
  /** The cameras' logins, limited per client address. */
  readonly logins: FtpLogins;
  readonly names: UploadNames;
  readonly handover: UploadHandover;
  readonly sweeper: StagingSweeper;
  readonly status: FtpCameraStatus;
  /** Uploads in progress, by work file path. */
  readonly activeUploads: Map<string, UploadWriter>;
  readonly timers: Set<NodeJS.Timeout>;
  server: FtpSrv | null;
  listenFailures: number;
}

/**
 * One built-in FTP server for every FTP camera. Each camera logs in with its own user and sees only
 * its staging folder; only uploads that finished cleanly are handed to intake. `camera` is `ftp`
 * (the source serves several cameras); `cameras` lists them.
 */
export class FtpSource extends EventEmitter<FtpSourceEvents> implements ClipSource {
  readonly camera = 'ftp';
  readonly name = 'source ftp';
  readonly cameras: readonly string[];
  private readonly timing: FtpSourceTiming;
  private running: Running | null = null;
  private stopping: Promise<void> | null = null;

  constructor(private readonly options: FtpSourceOptions) {
    super();
    this.cameras = options.cameras.filter((c) => c.enabled).map((c) => c.name);
    this.timing = { ...DEFAULT_TIMING, ...options.timing };
  }

  /** Status of one FTP camera, for health. */
  status(camera: string): CameraStatus {
    return this.running?.status.current(camera) ?? { camera, online: false, lastFrameAt: null, detail: 'not started' };
  }

  /** Degraded while the latest hand-over to intake threw; failed hand-overs are counted since start. */
  health(): HealthCheck {
    const queue = this.running?.handover.queue;
    const failures = queue ? describeQueueFailure('hand-over', queue) : null;
    if (queue?.failing && failures) return { status: 'degraded', message: failures };
    return { status: 'healthy', message: failures ?? 'uploads handed over' };
  }

  /** The port the server listens on, once it does. */
  port(): number | null {
    const server = this.running?.server;
    return server ? boundPort(server, this.options.config.port) : null;
  }

  /** Returns once the first listen attempt is done; a busy port is retried in the background. */
  async start(signal: AbortSignal): Promise<void> {
    if (this.running || this.stopping) return;
    const log = this.options.log.child({ source: 'ftp' });
    const enabled = this.options.cameras.filter((c) => c.enabled);
    if (enabled.length === 0) return;
    const status = new FtpCameraStatus(this.cameras, this.options.bus, (s) => this.notify('status', s));
    try {
      for (const camera of this.cameras) await mkdir(this.rootOf(camera), { recursive: true });
    } catch (e) {
      log.error(
        { event_type: 'ftp.staging_failed', err: e, staging_dir: this.options.stagingDir },
        'cannot use the FTP staging folder; FTP cameras get no uploads',
      );
      status.down('FTP staging folder not writable');
      return;
    }
    const accounts = new FtpAccounts(enabled);
    for (const camera of accounts.duplicates)
      log.error({ event_type: 'ftp.duplicate_user', camera }, `camera ${camera} shares its FTP user with another camera; it cannot log in`);
    const names = new UploadNames(this.options.config.videoExtensions);
    const handover = new UploadHandover(this.options.intake, log, (o) => this.onHandedOver(o), this.timing.handoverRetryMs);
    const activeUploads = new Map<string, UploadWriter>();
    const sweeper = new StagingSweeper(
      names,
      { isActive: (p) => activeUploads.has(p), isHeld: (p) => handover.isHeld(p), offer: (u) => handover.offer(u) },
      log,
    );
    const running: Running = {
      cameras: this.cameras,
      logins: new FtpLogins(accounts, this.timing.now),
      names,
      handover,
      sweeper,
      status,
      activeUploads,
      timers: new Set(),
      server: null,
      listenFailures: 0,
    };
    this.running = running;
    signal.addEventListener('abort', () => inBackground(this.stop(), this.options.log, 'stopping the FTP source'), { once: true });
    await this.sweep();
    this.every(running, this.timing.sweepMs, () => inBackground(this.sweep(), log, 'FTP staging sweep'));
    await this.listen(running, log);
  }

  /** Closes the server (uploads in progress are cut off and discarded) and waits for the hand-over in progress. */
  stop(): Promise<void> {
    this.stopping ??= this.shutdown();
    return this.stopping;
  }

  /** One pass over every staging folder (also runs on a timer). */
  async sweep(): Promise<void> {
    const running = this.running;
    if (!running) return;
    for (const camera of running.cameras) await running.sweeper.sweep(camera, this.rootOf(camera));
  }

  private async shutdown(): Promise<void> {
    const running = this.running;
    if (!running) return;
    for (const timer of running.timers) clearTimeout(timer);
    running.timers.clear();
    // Uploads in progress are cut off (their work files deleted); the camera sends them again.
    for (const writer of running.activeUploads.values()) writer.destroy(new Error('HomeSec is stopping'));
    const server = running.server;
    running.server = null;
    if (server) await Promise.resolve(server.close() as unknown).catch(() => undefined);
    await running.handover.stop();
    running.status.markStopped();
    this.options.log.info({ event_type: 'ftp.source_stopped' }, 'FTP server stopped');
  }

  private async listen(running: Running, log: Logger): Promise<void> {
    if (this.stopping) return;
    const { config } = this.options;
    const passive = config.passiveUrl !== '' ? config.passiveUrl : ((await this.options.hostAddress?.()) ?? '');
    if (passive !== config.passiveUrl) log.info({ event_type: 'ftp.passive_address', address: passive }, `passive replies name ${passive}`);
    const server = createFtpServer({
      host: config.host,
      port: config.port,
      passiveMin: config.passivePortMin,
      passiveMax: config.passivePortMax,
      passiveAddress: (clientIp) => passiveAddressFor(clientIp, passive),
      log,
    });
    server.on('login', (data, resolve, reject) => this.onLogin(running, data, resolve, reject, log));
    server.on('client-error', ({ context, error }) =>
      log.debug({ event_type: 'ftp.client_error', context, err: error }, 'FTP client connection error'),
    );
    // 'server-error' is emitted by ftp-srv but missing from its typings.
    const emitter: EventEmitter = server;
    emitter.on('server-error', (e: { error?: unknown }) => log.error({ event_type: 'ftp.server_error', err: e.error }, 'FTP server error'));
    try {
      await Promise.resolve(server.listen() as unknown);
    } catch (e) {
      await Promise.resolve(server.close() as unknown).catch(() => undefined);
      this.onListenFailed(running, log, e);
      return;
    }
    if (this.stopping) {
      await Promise.resolve(server.close() as unknown).catch(() => undefined);
      return;
    }
    running.server = server;
    running.listenFailures = 0;
    const port = boundPort(server, config.port);
    log.info(
      {
        event_type: 'ftp.listening',
        host: config.host,
        port,
        passive_ports: `${config.passivePortMin}-${config.passivePortMax}`,
        cameras: running.cameras,
      },
      `FTP server listening on ${config.host}:${port}`,
    );
    running.status.up(`FTP server listening on port ${port}`);
    this.notify('listening', { port });
  }

  private onListenFailed(running: Running, log: Logger, e: unknown): void {
    const code = (e as NodeJS.ErrnoException).code;
    const reason =
      code === 'EADDRINUSE'
        ? `port ${this.options.config.port} is already in use`
        : code === 'EACCES'
          ? `no permission to listen on port ${this.options.config.port}`
          : String((e as Error).message ?? e);
    running.listenFailures++;
    const delay = backoffDelay(running.listenFailures, { initialMs: this.timing.listenRetryMs, maxMs: MAX_LISTEN_RETRY_MS });
    log.error(
      { event_type: 'ftp.listen_failed', reason, retry_in_s: Math.round(delay / 1000) },
      `FTP server cannot start: ${reason}; trying again in ${Math.round(delay / 1000)} s`,
    );
    running.status.down(`FTP server not running: ${reason}`);
    this.notify('listenFailed', { reason });
    this.after(running, delay, () => inBackground(this.listen(running, log), log, 'FTP listen'));
  }

  private onLogin(
    running: Running,
    data: { connection: FtpConnection; username: string; password: string },
    resolve: (config: { fs: CameraFileSystem; blacklist: string[] }) => void,
    reject: (err?: Error) => void,
    log: Logger,
  ): void {
    const remote = data.connection.ip;
    const check = running.logins.check(data.username, data.password, remote);
    if (!check.ok) {
      // A waiting address is told so (debug: a guesser could fill the log); a wrong password is a warning.
      const fields = { event_type: 'ftp.refused', command: 'LOGIN', username: data.username, remote, reason: check.reason };
      if (check.waitS > 0) log.debug(fields, `FTP login as "${data.username}" refused: ${check.reason}`);
      else log.warn(fields, `FTP login as "${data.username}" refused: ${check.reason}`);
      if (check.nowLimited)
        log.warn(
          { event_type: 'ftp.login_limited', remote },
          `too many failed FTP logins from ${remote}; it must wait before trying again`,
        );
      this.notify('refused', { camera: null, command: 'LOGIN', path: '', reason: check.reason });
      const answer = check.waitS > 0 ? `Too many failed logins; try again in ${check.waitS} s` : 'Login incorrect';
      this.after(running, this.timing.loginFailureDelayMs, () => reject(new Error(answer)));
      return;
    }
    log.debug({ event_type: 'ftp.login', camera: check.camera, remote }, `FTP login by ${check.camera}`);
    resolve({ fs: new CameraFileSystem(data.connection, this.jailFor(running, check.camera, remote, log)), blacklist: [] });
  }

  private jailFor(running: Running, camera: string, remote: string, log: Logger): CameraJail {
    return {
      camera,
      root: this.rootOf(camera),
      maxBytes: this.options.config.maxUploadMb * 1024 * 1024,
      idleTimeoutMs: this.timing.uploadIdleTimeoutMs,
      isHeld: (path) => running.handover.isHeld(path),
      onUploadStarted: (writer) => running.activeUploads.set(writer.path, writer),
      onUpload: (clientPath, outcome) => inBackground(this.onUpload(running, camera, clientPath, outcome, log), log, 'FTP upload'),
      onRenamed: (path) => inBackground(this.onRenamed(running, camera, path, log), log, 'FTP rename'),
      onRefused: (command, path, reason) => {
        log.warn(
          { event_type: 'ftp.refused', camera, remote, command, path, reason },
          `FTP ${command} ${path} by ${camera} refused: ${reason}`,
        );
        this.notify('refused', { camera, command, path, reason });
      },
    };
  }

  private async onUpload(running: Running, camera: string, clientPath: string, outcome: UploadOutcome, log: Logger): Promise<void> {
    running.activeUploads.delete(outcome.workPath);
    if (outcome.kind === 'failed') {
      const eventType = outcome.refused ? 'ftp.refused' : 'ftp.upload_aborted';
      log.warn(
        { event_type: eventType, camera, command: 'STOR', path: clientPath, bytes: outcome.bytes, reason: outcome.reason },
        `FTP upload ${clientPath} by ${camera} not kept: ${outcome.reason}`,
      );
    } else {
      log.info(
        { event_type: 'ftp.upload_finished', camera, path: clientPath, bytes: outcome.bytes },
        `FTP upload ${clientPath} by ${camera} finished`,
      );
      await this.takeFile(running, camera, outcome.path, outcome.startedAt, log);
    }
    this.notify('upload', { camera, clientPath, outcome });
  }

  private async onRenamed(running: Running, camera: string, path: string, log: Logger): Promise<void> {
    const info = await stat(path).catch(() => null);
    if (info?.isFile()) await this.takeFile(running, camera, path, new Date(), log);
  }

  /** Videos go to intake; temporary names wait for their rename; anything else is dropped. */
  private async takeFile(running: Running, camera: string, path: string, finishedAt: Date, log: Logger): Promise<void> {
    const originalName = relative(this.rootOf(camera), path);
    switch (running.names.kindOf(path)) {
      case 'video':
        running.status.uploaded(camera, new Date());
        running.handover.offer({ camera, path, originalName, finishedAt });
        return;
      case 'pending_rename':
        return;
      case 'ignored':
        await unlink(path).catch(() => undefined);
        log.info(
          { event_type: 'ftp.ignored', camera, file: originalName },
          `FTP upload ${originalName} by ${camera} is not a video; deleted`,
        );
        return;
    }
  }

  private onHandedOver(outcome: HandoverOutcome): void {
    this.notify('clipHandedOver', outcome);
  }

  private rootOf(camera: string): string {
    return resolve(this.options.stagingDir, camera);
  }

  private every(running: Running, ms: number, fn: () => void): void {
    const timer = setInterval(fn, ms);
    timer.unref();
    running.timers.add(timer);
  }

  private after(running: Running, ms: number, fn: () => void): void {
    const timer = setTimeout(() => {
      running.timers.delete(timer);
      fn();
    }, ms);
    running.timers.add(timer);
  }

  /** A throwing listener must never reach ftp-srv's stream handlers. */
  private notify<K extends keyof FtpSourceEvents>(name: K, ...args: FtpSourceEvents[K]): void {
    try {
      (this.emit as (n: K, ...a: FtpSourceEvents[K]) => boolean)(name, ...args);
    } catch (e) {
      this.options.log.error({ event_type: 'ftp.listener_failed', event: name, err: e }, 'FTP source listener failed');
    }
  }
}
