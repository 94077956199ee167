import { realpathSync, statSync } from 'node:fs';
import { realpath, stat } from 'node:fs/promises';
import { extname, isAbsolute, relative, resolve } from 'node:path';
import { InputError } from '../core/errors.js';

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
 * The one path-safety rule of the media folder: a stored relative path must name something strictly
 * inside the root, lexically (no `..`, no absolute path, no NUL).
 */
export function resolveInside(root: string, relativePath: string): string {
  const base = resolve(root);
  const candidate = resolve(base, relativePath);
  if (isAbsolute(relativePath) || relativePath.includes('\0') || !isInside(base, candidate)) {
    throw new InputError(`path ${JSON.stringify(relativePath)} is outside the media folder`);
  }
  return candidate;
}

/**
 * The file a clip's relative path names inside the media folder, or null when it is missing or would
 * lead outside the folder: lexically (`resolveInside`) or through a symlink pointing elsewhere.
 */
export async function findMediaFile(root: string, relativePath: string | null): Promise<MediaFile | null> {
  if (!relativePath) return null;
  try {
    const candidate = resolveInside(root, relativePath);
    const [realRoot, realFile] = await Promise.all([realpath(resolve(root)), realpath(candidate)]);
    if (!isInside(realRoot, realFile)) return null;
    const info = await stat(realFile);
    if (!info.isFile()) return null;
    const contentType = CONTENT_TYPES[extname(realFile).toLowerCase()] ?? 'application/octet-stream';
    return { path: realFile, size: info.size, mtime: info.mtime, contentType };
  } catch {
    return null;
  }
}

/**
 * Whether a relative path names a file inside the media folder now, by the same rules as `findMediaFile`,
 * without waiting: for what is decided inside one synchronous write (an alert message).
 */
export function mediaFileExistsSync(root: string, relativePath: string): boolean {
  try {
    const realFile = realpathSync(resolveInside(root, relativePath));
    return isInside(realpathSync(resolve(root)), realFile) && statSync(realFile).isFile();
  } catch {
    return false;
  }
}

function isInside(root: string, path: string): boolean {
  const rel = relative(root, path);
  return rel !== '' && rel !== '..' && !rel.startsWith('../') && !isAbsolute(rel);
}

/** Read-only access to the media folder for parts that only read clip files (notifiers, Home Assistant). */
export interface MediaFolder {
  readonly root: string;
  /** Absolute path of a stored relative path; throws for anything that would leave the media folder. */
  resolve(relativePath: string): string;
}

export function mediaFolder(root: string): MediaFolder {
  return { root, resolve: (relativePath) => resolveInside(root, relativePath) };
}
