import { readdir, stat } from 'node:fs/promises';
import { join, relative } from 'node:path';

/** The files of one clip in the media folder (video, thumbnail, snapshot share the clip id prefix). */
export interface StoredClipFiles {
  readonly clipId: string;
  readonly camera: string;
  readonly files: string[];
  readonly bytes: number;
  /** Newest modification time among its files. */
  readonly mtimeMs: number;
}

/** Lists clips by walking `<media>/<camera>/<date>/` — the filesystem is the truth, with or without a database. */
export async function inventoryMedia(mediaDir: string): Promise<StoredClipFiles[]> {
  const groups = new Map<string, { clipId: string; camera: string; files: string[]; bytes: number; mtimeMs: number }>();
  for (const camera of await safeReaddir(mediaDir)) {
    if (!camera.isDirectory()) continue;
    for (const day of await safeReaddir(join(mediaDir, camera.name))) {
      if (!day.isDirectory()) continue;
      const dayDir = join(mediaDir, camera.name, day.name);
      for (const file of await safeReaddir(dayDir)) {
        if (!file.isFile()) continue;
        const clipId = file.name.split('.')[0] ?? '';
        if (!clipId) continue;
        const path = join(dayDir, file.name);
        const info = await stat(path).catch(() => null);
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

async function safeReaddir(dir: string) {
  return readdir(dir, { withFileTypes: true }).catch(() => []);
}
