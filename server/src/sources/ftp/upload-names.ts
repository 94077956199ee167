import { randomBytes } from 'node:crypto';
import { link, unlink } from 'node:fs/promises';
import { basename, dirname, extname, join } from 'node:path';

/** Suffix of files still being written; they never become clips and are removed after a crash. */
export const UPLOADING_SUFFIX = '.homesec-uploading';

// Names cameras upload under before renaming to the real name (RNFR/RNTO) once the transfer is done.
const PENDING_RENAME = /\.(tmp|temp|part|partial|filepart|upload|uploading)$/i;

/** How a finished upload is treated, by its name. */
export type UploadKind = 'video' | 'pending_rename' | 'ignored';

export class UploadNames {
  private readonly videoExtensions: ReadonlySet<string>;

  constructor(videoExtensions: readonly string[]) {
    this.videoExtensions = new Set(videoExtensions.map((e) => e.replace(/^\./, '').toLowerCase()));
  }

  kindOf(name: string): UploadKind {
    const ext = extname(name).replace(/^\./, '').toLowerCase();
    if (basename(name).startsWith('.') || name.endsWith(UPLOADING_SUFFIX)) return 'ignored';
    if (ext !== '' && this.videoExtensions.has(ext)) return 'video';
    return PENDING_RENAME.test(name) ? 'pending_rename' : 'ignored';
  }
}

/** Hidden work file beside the final name, so a half-written file is never mistaken for a clip. */
export function uploadingPathFor(finalPath: string): string {
  return join(dirname(finalPath), `.${randomBytes(4).toString('hex')}.${basename(finalPath)}${UPLOADING_SUFFIX}`);
}

export function isUploadingFile(name: string): boolean {
  return name.endsWith(UPLOADING_SUFFIX);
}

/**
 * Gives the finished work file its final name without replacing a file of that name that is still
 * waiting to be taken (cameras reuse names): `clip.mp4`, then `clip-1.mp4`, `clip-2.mp4`, ...
 * link() fails when the name exists, so two uploads can never claim the same name.
 */
export async function publishUpload(workPath: string, finalPath: string): Promise<string> {
  const ext = extname(finalPath);
  const stem = finalPath.slice(0, finalPath.length - ext.length);
  for (let n = 0; n < 1000; n++) {
    const candidate = n === 0 ? finalPath : `${stem}-${n}${ext}`;
    try {
      await link(workPath, candidate);
      await unlink(workPath);
      return candidate;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
    }
  }
  throw new Error(`no free name for ${basename(finalPath)}`);
}
