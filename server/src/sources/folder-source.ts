import { mkdir, readdir, stat } from 'node:fs/promises';
import { join, relative } from 'node:path';
import type { ClipIntake } from '../core/clip-intake.js';
import type { ClipSource } from '../core/clip-source.js';
import type { EventBus } from '../core/event-bus.js';
import type { Logger } from '../logging/logger.js';
import { isVideoFile } from './video-files.js';
import { backoffDelay, type BackoffPolicy } from '../core/backoff.js';
import { inBackground } from '../core/background.js';

export interface FolderSourceOptions {
  readonly camera: string;
  readonly folder: string;
  readonly intake: ClipIntake;
  readonly bus: EventBus;
  readonly log: Logger;
  /** How often the folder is listed. */
  readonly pollMs?: number;
  /** A file is taken once its size and mtime have not changed for this long. */
  readonly stableMs?: number;
  /** How deep into subfolders (cameras often write date folders). */
  readonly maxDepth?: number;
}

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
 * Watches a folder by polling (works on network mounts and Docker volumes where inotify does not).
 * Intake moves taken files out of the folder, so a restart neither misses nor repeats a clip; a
 * file intake refused (e.g. a full disk) stays and is retried with growing pauses.
 */
export class FolderSource implements ClipSource {
  readonly camera: string;
  readonly name: string;
  private readonly seen = new Map<string, Observation>();
  private timer: NodeJS.Timeout | null = null;
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
    await this.scanning;
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
    const stableFor = now - previous.stableSince;
    if (stableFor < (this.options.stableMs ?? 2000) || now < previous.retryAt) return null;
    return info.mtime;
  }

  private async handOver(path: string, finishedAt: Date): Promise<void> {
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
    const observation = this.seen.get(path);
    if (!observation) return;
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
