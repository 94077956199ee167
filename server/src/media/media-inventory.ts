import { readdir, stat } from 'node:fs/promises';
import { join, relative } from 'node:path';
import type { Logger } from '../core/logger.js';

/** The files of one clip in the media folder (video, thumbnail, snapshot share the clip id prefix). */
export interface StoredClipFiles {
  readonly clipId: string;
  readonly camera: string;
  readonly files: string[];
  readonly bytes: number;
  /** Newest modification time among its files. */
  readonly mtimeMs: number;
}

/** Told about a folder or file the walk could not read (permissions, I/O errors); one that vanished meanwhile is not a problem. */
export type UnreadableListener = (path: string, error: NodeJS.ErrnoException) => void;

/**
 * Lists clips by walking `<media>/<camera>/<date>/` — the filesystem is the truth, with or without a
 * database. What cannot be read is skipped and reported to `onUnreadable`, so a caller never mistakes
 * an unreadable folder for an empty one without saying so.
 */
export async function inventoryMedia(mediaDir: string, onUnreadable: UnreadableListener = () => undefined): Promise<StoredClipFiles[]> {
  const groups = new Map<string, { clipId: string; camera: string; files: string[]; bytes: number; mtimeMs: number }>();
  const list = (dir: string) => readOrReport(() => readdir(dir, { withFileTypes: true }), dir, onUnreadable);
  for (const camera of (await list(mediaDir)) ?? []) {
    if (!camera.isDirectory()) continue;
    for (const day of (await list(join(mediaDir, camera.name))) ?? []) {
      if (!day.isDirectory()) continue;
      const dayDir = join(mediaDir, camera.name, day.name);
      for (const file of (await list(dayDir)) ?? []) {
        if (!file.isFile()) continue;
        const clipId = file.name.split('.')[0] ?? '';
        if (!clipId) continue;
        const path = join(dayDir, file.name);
        const info = await readOrReport(() => stat(path), path, onUnreadable);
        if (!info) continue;
        const group = groups.get(clipId) ?? { clipId, camera: camera.name, files: [], bytes: 0, mtimeMs: 0 };
        group.files.push(relative(mediaDir, path));
        group.bytes += info.size;
        group.mtimeMs = Math.max(group.mtimeMs, info.mtimeMs);
        groups.set(clipId, group);
      }
    }
  }
  return [...groups.values()];
}

async function readOrReport<T>(read: () => Promise<T>, path: string, onUnreadable: UnreadableListener): Promise<T | null> {
  try {
    return await read();
  } catch (e) {
    const error = e as NodeJS.ErrnoException;
    if (error.code !== 'ENOENT') onUnreadable(path, error);
    return null;
  }
}

/** Logs each unreadable path of one walk as a warning with its cause (retention and the byte count then undercount). */
export function unreadableLogger(log: Logger): UnreadableListener {
  return (path, error) =>
    log.warn(
      { event_type: 'media.unreadable', path, code: error.code ?? null, err: error },
      `cannot read ${path} (${error.code ?? error.message}): its clips are left out of retention and the byte count`,
    );
}
