import { readdir, rmdir, stat, unlink } from 'node:fs/promises';
import { join, relative } from 'node:path';
import type { Logger } from '../../core/logger.js';
import type { StagedUpload } from './upload-handover.js';
import { isUploadingFile, type UploadNames } from './upload-names.js';

export interface SweepHooks {
  /** A work file an upload in progress is writing to. */
  isActive(path: string): boolean;
  /** A finished file already queued for intake. */
  isHeld(path: string): boolean;
  offer(upload: StagedUpload): void;
}

const MAX_DEPTH = 6;
/** A camera that uploads `x.mp4.tmp` renames it within seconds; older ones were abandoned. */
const PENDING_RENAME_MAX_AGE_MS = 60 * 60_000;
/** Empty date folders cameras created are removed once they are this old. */
const EMPTY_FOLDER_MAX_AGE_MS = 24 * 60 * 60_000;

/**
 * Walks a camera's staging folder: offers finished videos nobody took (left by a crash or a failed
 * intake), removes work files of uploads that are no longer running, stale temporary names,
 * non-video files and old empty folders.
 */
export class StagingSweeper {
  constructor(
    private readonly names: UploadNames,
    private readonly hooks: SweepHooks,
    private readonly log: Logger,
  ) {}

  async sweep(camera: string, root: string, now = Date.now()): Promise<void> {
    await this.walk(camera, root, root, 0, now);
  }

  private async walk(camera: string, root: string, dir: string, depth: number, now: number): Promise<void> {
    const entries = await readdir(dir, { withFileTypes: true }).catch(() => []);
    for (const entry of entries) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) {
        if (depth >= MAX_DEPTH) continue;
        await this.walk(camera, root, path, depth + 1, now);
        await this.removeIfEmptyAndOld(path, now);
      } else if (entry.isFile()) {
        await this.visitFile(camera, root, path, entry.name, now);
      }
    }
  }

  private async visitFile(camera: string, root: string, path: string, name: string, now: number): Promise<void> {
    const info = await stat(path).catch(() => null);
    if (!info) return;
    const file = relative(root, path);
    if (isUploadingFile(name)) {
      if (!this.hooks.isActive(path)) await this.remove(camera, path, file, 'unfinished upload (interrupted)');
      return;
    }
    switch (this.names.kindOf(name)) {
      case 'video':
        if (!this.hooks.isHeld(path)) this.hooks.offer({ camera, path, originalName: file, finishedAt: info.mtime });
        return;
      case 'pending_rename':
        if (now - info.mtimeMs > PENDING_RENAME_MAX_AGE_MS) await this.remove(camera, path, file, 'temporary upload never renamed');
        return;
      case 'ignored':
        await this.remove(camera, path, file, 'not a video file');
        return;
    }
  }

  private async remove(camera: string, path: string, file: string, reason: string): Promise<void> {
    await unlink(path).catch(() => undefined);
    this.log.info(
      { event_type: 'ftp.staging_cleaned', camera, file, reason },
      `removed ${file} from the FTP folder of ${camera}: ${reason}`,
    );
  }

  private async removeIfEmptyAndOld(dir: string, now: number): Promise<void> {
    const info = await stat(dir).catch(() => null);
    if (!info || now - info.mtimeMs < EMPTY_FOLDER_MAX_AGE_MS) return;
    // rmdir refuses a folder that is not empty, which is exactly the check needed.
    await rmdir(dir).catch(() => undefined);
  }
}
