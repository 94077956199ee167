import { randomBytes } from 'node:crypto';

/**
 * Unique clip id: camera, local start time to the second, and a random suffix, so two clips from one
 * camera in the same second (or a camera that reuses file names) never collide.
 */
export function newClipId(camera: string, startedAt: Date): string {
  return `${camera}_${localStamp(startedAt)}_${randomBytes(3).toString('hex')}`;
}

function localStamp(date: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${date.getFullYear()}${pad(date.getMonth() + 1)}${pad(date.getDate())}T${pad(date.getHours())}${pad(date.getMinutes())}${pad(date.getSeconds())}`;
}

/** Unique event id: like a clip id, with an `evt_` prefix so the two are never mistaken for each other. */
export function newEventId(camera: string, startedAt: Date): string {
  return `evt_${camera}_${localStamp(startedAt)}_${randomBytes(3).toString('hex')}`;
}
