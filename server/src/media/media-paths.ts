import { realpath, stat } from 'node:fs/promises';
import { extname, isAbsolute, relative, resolve, sep } from 'node:path';

export interface MediaFile {
  readonly path: string;
  readonly size: number;
  readonly mtime: Date;
  readonly contentType: string;
}

const CONTENT_TYPES: Record<string, string> = {
  '.mp4': 'video/mp4',
  '.m4v': 'video/mp4',
  '.mov': 'video/quicktime',
  '.webm': 'video/webm',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.png': 'image/png',
  '.webp': 'image/webp',
};

/**
 * The file a clip's relative path names inside the media folder, or null when it is missing or would
 * lead outside the folder (`..`, an absolute path, or a symlink pointing elsewhere).
 */
export async function findMediaFile(mediaDir: string, relativePath: string | null): Promise<MediaFile | null> {
  if (!relativePath || isAbsolute(relativePath) || relativePath.includes('\0')) return null;
  const root = resolve(mediaDir);
  const candidate = resolve(root, relativePath);
  if (!isInside(root, candidate)) return null;
  try {
    const [realRoot, realFile] = await Promise.all([realpath(root), realpath(candidate)]);
    if (!isInside(realRoot, realFile)) return null;
    const info = await stat(realFile);
    if (!info.isFile()) return null;
    const contentType = CONTENT_TYPES[extname(realFile).toLowerCase()] ?? 'application/octet-stream';
    return { path: realFile, size: info.size, mtime: info.mtime, contentType };
  } catch {
    return null;
  }
}

function isInside(root: string, path: string): boolean {
  const rel = relative(root, path);
  return rel !== '' && !rel.startsWith(`..${sep}`) && rel !== '..' && !isAbsolute(rel);
}
