import type { CameraEvent } from '../core/camera-event.js';
import type { ClipStore } from '../core/clip-store.js';
import type { Clip } from '../core/clip.js';

/**
 * Whether a set-aside write is out of date: a newer state of the same clip or camera event is held
 * locally or in the store (the store being down counts as not). A dead-letter retry never writes an
 * older state over a newer one.
 */
export async function hasNewerClip(store: ClipStore, local: Clip | null, clip: Clip): Promise<boolean> {
  const stored = await store.getClip(clip.id).catch(() => null);
  return [local, stored].some((c) => c !== null && Date.parse(c.updatedAt) > Date.parse(clip.updatedAt));
}

export async function hasNewerEvent(store: ClipStore, local: CameraEvent | null, event: CameraEvent): Promise<boolean> {
  const stored = await store.getEvent(event.id).catch(() => null);
  return [local, stored].some((e) => e !== null && Date.parse(e.updatedAt) > Date.parse(event.updatedAt));
}
