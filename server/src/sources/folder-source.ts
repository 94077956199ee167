import { watch, type FSWatcher } from 'node:fs';
import { mkdir, readdir, stat } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { mp4Completeness } from '../media/mp4-completeness.js';
import type { ClipIntake } from '../core/clip-intake.js';
import type { ClipSource } from '../core/clip-source.js';
import type { SignalBus } from '../core/signal-bus.js';
import type { Logger } from '../core/logger.js';
import { isVideoFile } from './video-files.js';
import { backoffDelay, type BackoffPolicy } from '../runtime/backoff.js';
import { inBackground } from '../runtime/background.js';

export interface FolderSourceOptions {
  readonly camera: string;
  readonly folder: string;
  readonly intake: ClipIntake;
  readonly bus: SignalBus;
  readonly log: Logger;
  /** How often the folder is listed (the fallback where the file system reports nothing: network mounts). */
  readonly pollMs?: number;
  /** A file whose completeness cannot be read from it is taken once its size and mtime have not changed for this long. */
  readonly stableMs?: number;
  /** How deep into subfolders (cameras often write date folders). */
  readonly maxDepth?: number;
}

/** After the file system's last word about a file, this much quiet before looking at it. */
const QUIET_MS = 200;

/** A file intake refused (a full disk) is offered again after 1 min, 2 min ... up to 30 min. */
const RETRY_POLICY: BackoffPolicy = { initialMs: 60_000, maxMs: 30 * 60_000 };

interface Observation {
  size: number;
  mtimeMs: number;
  stableSince: number;
  /** After a failed hand-over: do not try again before this time. */
  retryAt: number;
  failures: number;
}

/**
 * Watches a folder: the file system's own notices (inotify) bring a new file in at once, and polling
 * stays on as the fallback for network mounts and Docker volumes where they never come. An MP4 or MOV
 * is taken as soon as its boxes say it is written to the end; other files once they stop changing.
 * Intake moves taken files out of the folder, so a restart neither misses nor repeats a clip; a file
 * intake refused (e.g. a full disk) stays and is retried with growing pauses.
 */
export class FolderSource implements ClipSource {
  readonly camera: string;
  readonly name: string;
  private readonly seen = new Map<string, Observation>();
  private timer: NodeJS.Timeout | null = null;
  private watcher: FSWatcher | null = null;
  private readonly quiet = new Map<string, NodeJS.Timeout>();
  /** Files being handed over right now: neither a scan nor a notice offers them twice. */
  private readonly taking = new Set<string>();
  private scanning: Promise<void> | null = null;
  private folderProblem: string | null = null;

  constructor(private readonly options: FolderSourceOptions) {
    this.camera = options.camera;
    this.name = `source ${options.camera}`;
  }

  async start(): Promise<void> {
    // The user's drop folder should exist from the start (the demo camera's inbox on a fresh install).
    await mkdir(this.options.folder, { recursive: true }).catch(() => undefined);
    this.timer ??= setInterval(() => inBackground(this.scan(), this.options.log, 'folder scan'), this.options.pollMs ?? 1000);
    this.watch();
    this.options.bus.emit('camera.statusChanged', {
      camera: this.camera,
      online: true,
      lastFrameAt: null,
      detail: `watching ${this.options.folder}`,
    });
    inBackground(this.scan(), this.options.log, 'folder scan');
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    this.watcher?.close();
    this.watcher = null;
    for (const timer of this.quiet.values()) clearTimeout(timer);
    this.quiet.clear();
    await this.scanning;
  }

  /** Best effort: where the file system cannot report changes (or runs out of watches), polling alone finds files. */
  private watch(): void {
    if (this.watcher) return;
    try {
      this.watcher = watch(this.options.folder, { recursive: true }, (_type, name) => {
        if (name && isVideoFile(name)) this.noticed(join(this.options.folder, name));
      });
      this.watcher.on('error', (e) => {
        this.options.log.debug({ event_type: 'folder.watch_lost', camera: this.camera, err: e }, 'folder notices lost; polling goes on');
        this.watcher?.close();
        this.watcher = null;
      });
    } catch (e) {
      this.options.log.debug({ event_type: 'folder.watch_unavailable', camera: this.camera, err: e }, 'no folder notices; polling only');
    }
  }

  /** The file system said something about a file: once it has been quiet for a moment, take it if it is whole. */
  private noticed(path: string): void {
    const previous = this.quiet.get(path);
    if (previous) clearTimeout(previous);
    const timer = setTimeout(() => {
      this.quiet.delete(path);
      inBackground(this.takeIfWhole(path), this.options.log, 'folder notice');
    }, QUIET_MS);
    timer.unref();
    this.quiet.set(path, timer);
  }

  private async takeIfWhole(path: string): Promise<void> {
    if (!this.timer || this.taking.has(path) || (this.seen.get(path)?.retryAt ?? 0) > Date.now()) return;
    const info = await stat(path).catch(() => null);
    if (!info?.isFile() || (await mp4Completeness(path)) !== 'complete') return;
    await this.handOver(path, info.mtime);
  }

  /** One pass over the folder; passes never overlap. */
  scan(): Promise<void> {
    this.scanning ??= this.pass().finally(() => {
      this.scanning = null;
    });
    return this.scanning;
  }

  private async pass(): Promise<void> {
    const files = await this.listFiles();
    const now = Date.now();
    const present = new Set(files);
    for (const path of this.seen.keys()) if (!present.has(path)) this.seen.delete(path);
    for (const path of files) {
      if (!this.timer) return;
      if (this.taking.has(path)) continue;
      const ready = await this.observe(path, now);
      if (ready) await this.handOver(path, ready);
    }
  }

  private async listFiles(): Promise<string[]> {
    const found: string[] = [];
    const walk = async (dir: string, depth: number): Promise<void> => {
      const entries = await readdir(dir, { withFileTypes: true });
      for (const entry of entries) {
        const path = join(dir, entry.name);
        if (entry.isDirectory() && depth < (this.options.maxDepth ?? 3) && !entry.name.startsWith('.'))
          await walk(path, depth + 1).catch(() => undefined);
        else if (entry.isFile() && isVideoFile(entry.name)) found.push(path);
      }
    };
    try {
      await walk(this.options.folder, 0);
      this.setFolderProblem(null);
    } catch (e) {
      this.setFolderProblem(`cannot read ${this.options.folder}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
    }
    return found;
  }

  /** Returns the file's mtime once it has stopped growing, else null. A vanished file is simply forgotten. */
  private async observe(path: string, now: number): Promise<Date | null> {
    let info;
    try {
      info = await stat(path);
    } catch {
      this.seen.delete(path);
      return null;
    }
    const previous = this.seen.get(path);
    if (!previous || previous.size !== info.size || previous.mtimeMs !== info.mtimeMs) {
      this.seen.set(path, {
        size: info.size,
        mtimeMs: info.mtimeMs,
        stableSince: now,
        retryAt: previous?.retryAt ?? 0,
        failures: previous?.failures ?? 0,
      });
      return null;
    }
    if (now < previous.retryAt) return null;
    // Unchanged since the last pass: an MP4 that is whole needs no longer wait.
    const stableFor = now - previous.stableSince;
    if (stableFor < (this.options.stableMs ?? 2000) && (await mp4Completeness(path)) !== 'complete') return null;
    return info.mtime;
  }

  private async handOver(path: string, finishedAt: Date): Promise<void> {
    if (this.taking.has(path)) return;
    this.taking.add(path);
    try {
      await this.offer(path, finishedAt);
    } finally {
      this.taking.delete(path);
    }
  }

  private async offer(path: string, finishedAt: Date): Promise<void> {
    const originalName = relative(this.options.folder, path);
    const result = await this.options.intake.accept({
      camera: this.camera,
      path,
      source: 'folder',
      originalName,
      startedAt: finishedAt,
      endedAt: finishedAt,
      consume: true,
    });
    if (result.ok) {
      this.seen.delete(path);
      return;
    }
    const observation = this.seen.get(path) ?? { size: -1, mtimeMs: -1, stableSince: Date.now(), retryAt: 0, failures: 0 };
    this.seen.set(path, observation);
    observation.failures++;
    observation.retryAt = Date.now() + backoffDelay(observation.failures, RETRY_POLICY);
    this.options.log.warn(
      { event_type: 'folder.handover_failed', camera: this.camera, file: originalName, err: result.error },
      `could not take ${originalName}: ${result.error.message}`,
    );
  }

  private setFolderProblem(problem: string | null): void {
    if (problem === this.folderProblem) return;
    this.folderProblem = problem;
    if (problem) this.options.log.warn({ event_type: 'folder.unreadable', camera: this.camera, problem }, problem);
    this.options.bus.emit('camera.statusChanged', {
      camera: this.camera,
      online: problem === null,
      lastFrameAt: null,
      detail: problem ?? `watching ${this.options.folder}`,
    });
  }
}
