/** Where a clip's files live in the media folder, as paths relative to it (what clips store). */
export interface ClipFilePaths {
  readonly video: string;
  readonly thumbnail: string;
  readonly snapshot: string;
}

/**
 * The media folder layout HA's media browser shows: `<camera>/<YYYY-MM-DD>/<clip_id>.mp4` with the
 * thumbnail and snapshot beside it. Dates are local (what the user calls "today"). Every file of a
 * clip starts with its id and a dot: the inventory groups files by that prefix.
 */
export function clipFilePaths(camera: string, startedAt: Date, clipId: string, videoExtension = 'mp4'): ClipFilePaths {
  const folder = `${camera}/${localDate(startedAt)}`;
  return {
    video: `${folder}/${clipId}.${videoExtension}`,
    thumbnail: `${folder}/${clipId}.thumb.jpg`,
    snapshot: `${folder}/${clipId}.snapshot.jpg`,
  };
}

export function localDate(date: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
}
