import type { CameraView, ClipSummary } from '../contract';
import { matchesFilters, type ClipFilters } from '../filters';
import type { LiveState } from './live-store';

// REST answers sit in the query cache as the server gave them; the socket's newer state is laid over them here,
// at read time, so a page that is still loading can never overwrite a live change (and nothing is written twice).

/** Every camera: the live list once the server's snapshot arrived, the REST list (with live changes) before. */
export function overlayCameras(rest: readonly CameraView[] | undefined, live: LiveState): readonly CameraView[] | undefined {
  if (live.synced) return [...live.cameras.values()];
  return rest?.map((camera) => live.cameras.get(camera.name) ?? camera);
}

export function newestFirst(a: ClipSummary, b: ClipSummary): number {
  return Date.parse(b.startedAt) - Date.parse(a.startedAt) || (a.id < b.id ? 1 : a.id > b.id ? -1 : 0);
}

/**
 * The filtered timeline: the loaded pages with each clip's latest live summary, deletions removed, and live clips
 * that match the filters added when they fall inside the loaded range (older ones come with the next page).
 */
export function overlayClips(
  loaded: readonly ClipSummary[],
  live: LiveState,
  filters: ClipFilters,
  complete: boolean,
): readonly ClipSummary[] {
  const byId = new Map<string, ClipSummary>();
  let oldest: ClipSummary | undefined;
  for (const clip of loaded) {
    if (!oldest || newestFirst(clip, oldest) > 0) oldest = clip;
    if (!live.deleted.has(clip.id)) byId.set(clip.id, live.clips.get(clip.id) ?? clip);
  }
  for (const clip of live.clips.values()) {
    if (byId.has(clip.id) || !matchesFilters(clip, filters)) continue;
    if (complete || oldest === undefined || newestFirst(clip, oldest) <= 0) byId.set(clip.id, clip);
  }
  const keepDeleted = filters.status === 'deleted';
  return [...byId.values()].filter((clip) => keepDeleted || clip.status !== 'deleted').sort(newestFirst);
}
