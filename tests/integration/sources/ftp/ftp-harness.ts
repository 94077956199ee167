import { parseConfigSection } from '../../../../server/src/config/schema.js';
import { mkdirSync, mkdtempSync, renameSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { Writable } from 'node:stream';
import { Client } from 'basic-ftp';
import { CameraConfigSchema, type FtpCameraConfig } from '../../../../server/src/config/sections/camera-config.js';
import { FtpConfigSchema } from '../../../../server/src/config/sections/ftp-config.js';
import type { Clip } from '../../../../server/src/core/clip.js';
import type { ClipIntake, IncomingClip } from '../../../../server/src/core/clip-intake.js';
import { SignalBus } from '../../../../server/src/core/signal-bus.js';
import type { CameraStatus } from '../../../../server/src/core/bus-signals.js';
import { err, ok, type Result } from '../../../../server/src/core/result.js';
import { createLogger } from '../../../../server/src/logging/logger.js';
import { ffmpegToolsFromEnv } from '../../../../server/src/media/ffmpeg-tools.js';
import { probeMedia, type MediaInfo } from '../../../../server/src/media/probe-media.js';
import { FtpSource, type FtpSourceTiming } from '../../../../server/src/sources/ftp/ftp-source.js';
import { makeClip } from '../../../support/factories.js';

export interface CollectedClip {
  readonly incoming: IncomingClip;
  readonly storedPath: string;
  readonly info: MediaInfo;
}

/** The source's output boundary: moves each clip like the real intake and probes it with ffprobe. */
export class CollectingIntake implements ClipIntake {
  readonly clips: CollectedClip[] = [];
  readonly attempts: IncomingClip[] = [];
  /** The next this-many calls fail as a full disk would (the file must stay for a retry). */
  failNext = 0;

  constructor(private readonly mediaDir: string) {
    mkdirSync(mediaDir, { recursive: true });
  }

  async accept(clip: IncomingClip): Promise<Result<Clip, Error>> {
    this.attempts.push(clip);
    if (this.failNext > 0) {
      this.failNext--;
      return err(new Error('media folder full'));
    }
    const storedPath = join(this.mediaDir, `${this.clips.length}-${basename(clip.path)}`);
    renameSync(clip.path, storedPath);
    const info = await probeMedia(ffmpegToolsFromEnv(), storedPath);
    this.clips.push({ incoming: clip, storedPath, info });
    return ok(makeClip({ camera: clip.camera, source: 'ftp', originalName: clip.originalName, sizeBytes: statSync(storedPath).size }));
  }
}

export interface FtpHarness {
  readonly source: FtpSource;
  readonly intake: CollectingIntake;
  readonly logs: string[];
  readonly statuses: CameraStatus[];
  readonly stagingDir: string;
  readonly root: string;
  /** The listening port (after start). */
  port(): number;
  /** A basic-ftp client logged in as `user`. */
  login(user: string, password: string): Promise<Client>;
  cleanup(): Promise<void>;
}

export const PASSWORD = 'correct horse battery staple';

export interface HarnessOptions {
  readonly cameras?: readonly Record<string, unknown>[];
  readonly ftp?: Record<string, unknown>;
  readonly timing?: Partial<FtpSourceTiming>;
  /** The host's address for passive replies (the add-on's Supervisor network info). */
  readonly hostAddress?: () => Promise<string | null>;
}

/** A real FtpSource on 127.0.0.1 (free ports), a collecting intake, a bus and a log capture. */
export function makeFtpHarness(options: HarnessOptions = {}): FtpHarness {
  const root = mkdtempSync(join(tmpdir(), 'homesec-ftp-'));
  const logs: string[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _enc, done) {
      logs.push(chunk.toString('utf8'));
      done();
    },
  });
  const log = createLogger('debug', sink);
  const bus = new SignalBus(log);
  const statuses: CameraStatus[] = [];
  bus.on({}, 'camera.statusChanged', (s) => void statuses.push(s));
  const cameras = (options.cameras ?? [{ name: 'front_door', password: PASSWORD }]).map(
    (c) => parseConfigSection(CameraConfigSchema, { source: 'ftp', ...c }) as FtpCameraConfig,
  );
  const config = parseConfigSection(FtpConfigSchema, {
    host: '127.0.0.1',
    port: 0,
    passive_port_min: 0,
    passive_port_max: 0,
    ...options.ftp,
  });
  const intake = new CollectingIntake(join(root, 'media'));
  const stagingDir = join(root, 'ftp');
  const timing = { loginFailureDelayMs: 10, ...options.timing };
  const hostAddress = options.hostAddress ? { hostAddress: options.hostAddress } : {};
  const source = new FtpSource({ cameras, config, stagingDir, intake, bus, log, timing, ...hostAddress });
  const clients: Client[] = [];
  const port = () => {
    const p = source.port();
    if (p === null) throw new Error('FTP server is not listening');
    return p;
  };
  return {
    source,
    intake,
    logs,
    statuses,
    stagingDir,
    root,
    port,
    async login(user, password) {
      const client = new Client(10_000);
      clients.push(client);
      await client.access({ host: '127.0.0.1', port: port(), user, password });
      return client;
    },
    async cleanup() {
      for (const c of clients) c.close();
      await source.stop();
      rmSync(root, { recursive: true, force: true });
    },
  };
}

export { nextEvent } from '../../../support/next-event.js';

/** Log records (parsed) with the given event_type. */
export function logEvents(logs: readonly string[], eventType: string): Record<string, unknown>[] {
  return logs.map((l) => JSON.parse(l) as Record<string, unknown>).filter((r) => r.event_type === eventType);
}
