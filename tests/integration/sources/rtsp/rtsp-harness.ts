import { parseConfigSection } from '../../../../server/src/config/schema.js';
import { mkdirSync, mkdtempSync, renameSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { Writable } from 'node:stream';
import { CameraConfigSchema, type RtspCameraConfig } from '../../../../server/src/config/sections/camera-config.js';
import type { Clip } from '../../../../server/src/core/clip.js';
import type { ClipIntake, IncomingClip } from '../../../../server/src/core/clip-intake.js';
import { SignalBus } from '../../../../server/src/core/signal-bus.js';
import type { CameraStatus } from '../../../../server/src/core/bus-signals.js';
import { ok, type Result } from '../../../../server/src/core/result.js';
import { createLogger } from '../../../../server/src/logging/logger.js';
import { ffmpegToolsFromEnv } from '../../../../server/src/media/ffmpeg-tools.js';
import { probeMedia, type MediaInfo } from '../../../../server/src/media/probe-media.js';
import { listChildProcesses } from '../../../../server/src/bench/child-processes.js';
import { RtspSource } from '../../../../server/src/sources/rtsp/rtsp-source.js';

export interface CollectedClip {
  readonly incoming: IncomingClip;
  readonly storedPath: string;
  readonly info: MediaInfo;
  readonly receivedAt: number;
}

/** The source's output boundary: records every clip, moves it like the real intake, probes it with ffprobe. */
export class CollectingIntake implements ClipIntake {
  readonly clips: CollectedClip[] = [];
  private readonly waiters = new Set<() => void>();

  constructor(private readonly mediaDir: string) {
    mkdirSync(mediaDir, { recursive: true });
  }

  async accept(clip: IncomingClip): Promise<Result<Clip, Error>> {
    const storedPath = join(this.mediaDir, basename(clip.path));
    renameSync(clip.path, storedPath);
    const info = await probeMedia(ffmpegToolsFromEnv(), storedPath);
    this.clips.push({ incoming: clip, storedPath, info, receivedAt: Date.now() });
    for (const w of [...this.waiters]) w();
    return ok(toClip(clip, storedPath, info));
  }

  /** The clip at `index` (0 = first), once it arrived. */
  async waitForClip(index: number, timeoutMs: number): Promise<CollectedClip> {
    const clips = await this.waitForClips(index + 1, timeoutMs);
    const clip = clips[index];
    if (!clip) throw new Error(`clip ${index} missing`);
    return clip;
  }

  /** Resolves once `count` clips arrived; polls nothing, wakes on each accept. */
  waitForClips(count: number, timeoutMs: number): Promise<CollectedClip[]> {
    return new Promise((resolve, reject) => {
      const check = () => {
        if (this.clips.length < count) return;
        clearTimeout(timer);
        this.waiters.delete(check);
        resolve(this.clips.slice(0, count));
      };
      const timer = setTimeout(() => {
        this.waiters.delete(check);
        reject(new Error(`expected ${count} clip(s) within ${timeoutMs} ms, got ${this.clips.length}`));
      }, timeoutMs);
      this.waiters.add(check);
      check();
    });
  }
}

function toClip(clip: IncomingClip, storedPath: string, info: MediaInfo): Clip {
  const now = new Date().toISOString();
  return {
    id: `${clip.camera}-${clip.startedAt.getTime()}`,
    camera: clip.camera,
    source: clip.source,
    originalName: clip.originalName,
    mediaPath: basename(storedPath),
    thumbnailPath: null,
    snapshotPath: null,
    startedAt: clip.startedAt.toISOString(),
    endedAt: clip.endedAt?.toISOString() ?? null,
    durationS: info.durationS,
    sizeBytes: statSync(storedPath).size,
    video: info.video,
    status: 'queued',
    stages: {},
    detection: null,
    analysis: null,
    alerted: false,
    offsite: null,
    notifications: {},
    eventId: null,
    cutShort: false,
    error: null,
    createdAt: now,
    updatedAt: now,
  };
}

export interface Harness {
  readonly source: RtspSource;
  readonly intake: CollectingIntake;
  readonly bus: SignalBus;
  /** Every log line the source wrote (trace level), as raw JSON text. */
  readonly logs: string[];
  /** Every camera.statusChanged payload seen on the bus. */
  readonly statuses: CameraStatus[];
  readonly workDir: string;
  cleanup(): void;
}

/** A real RtspSource with a collecting intake, a bus and a log capture, in a temp folder. */
export function makeHarness(camera: Record<string, unknown>): Harness {
  return makeHarnessAt(mkdtempSync(join(tmpdir(), 'homesec-rtsp-')), camera);
}

/** As makeHarness, in a given root folder (for a source run in a child process). */
export function makeHarnessAt(root: string, camera: Record<string, unknown>): Harness {
  const logs: string[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _enc, done) {
      logs.push(chunk.toString('utf8'));
      done();
    },
  });
  const log = createLogger('trace', sink);
  const bus = new SignalBus(log);
  const statuses: CameraStatus[] = [];
  const owner = {};
  bus.on(owner, 'camera.statusChanged', (s) => void statuses.push(s));
  const config = parseConfigSection(CameraConfigSchema, { name: 'yard', source: 'rtsp', ...camera }) as RtspCameraConfig;
  const intake = new CollectingIntake(join(root, 'media'));
  const workDir = join(root, 'rtsp', 'yard');
  const source = new RtspSource({ camera: config, workDir, intake, bus, tools: ffmpegToolsFromEnv(), log });
  return { source, intake, bus, logs, statuses, workDir, cleanup: () => rmSync(root, { recursive: true, force: true }) };
}

export { nextEvent } from '../../../support/next-event.js';

/** Pids of this test process's direct children with that command name (from /proc). */
export function childPids(command: string): number[] {
  return listChildProcesses()
    .filter((c) => c.command === command)
    .map((c) => c.pid);
}

/** True while a process with this pid exists (a zombie counts: it has not been reaped). */
export function processExists(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
