import { join, normalize, sep } from 'node:path';

/** Where a clip's files live in the media folder, as paths relative to it (what clips store). */
export interface ClipFilePaths {
  readonly video: string;
  readonly thumbnail: string;
  readonly snapshot: string;
}

/**
 * The media folder layout HA's media browser shows: `<camera>/<YYYY-MM-DD>/<clip_id>.mp4` with the
 * thumbnail and snapshot beside it. Dates are local (what the user calls "today").
 */
export class MediaLibrary {
  constructor(readonly root: string) {}

  pathsFor(camera: string, startedAt: Date, clipId: string, videoExtension = 'mp4'): ClipFilePaths {
    const folder = `${camera}/${localDate(startedAt)}`;
    return {
      video: `${folder}/${clipId}.${videoExtension}`,
      thumbnail: `${folder}/${clipId}.thumb.jpg`,
      snapshot: `${folder}/${clipId}.snapshot.jpg`,
    };
  }

  /** Absolute path of a stored relative path; refuses anything that would leave the media folder. */
  resolve(relative: string): string {
    const absolute = normalize(join(this.root, relative));
    if (absolute !== this.root && !absolute.startsWith(this.root.endsWith(sep) ? this.root : this.root + sep)) {
      throw new Error(`path ${relative} is outside the media folder`);
    }
    return absolute;
  }
}

export function localDate(date: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
}
