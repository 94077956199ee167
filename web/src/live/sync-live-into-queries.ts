import type { QueryClient } from '@tanstack/react-query';
import { queryKeys } from '../queries';
import { reviewKeys } from '../review-queries';
import type { LiveStore } from './live-store';

/**
 * What the live overlay cannot patch: a clip or event page holds the full document (detections, analysis,
 * lifecycle), which the socket's summaries do not carry, so it is fetched again when it changes; so are the
 * review counts and camera activity when any event changes. After a reconnect every answer may have missed
 * deltas (a deletion, a finished stage), so all of them are fetched again.
 */
export function syncLiveIntoQueries(store: LiveStore, client: QueryClient): () => void {
  return store.onChanges((changes) => {
    if (changes.resynced) {
      client.invalidateQueries().catch(() => undefined);
      return;
    }
    // A failed refetch shows up as that query's error.
    for (const id of changes.clipIds) client.invalidateQueries({ queryKey: queryKeys.clip(id) }).catch(() => undefined);
    for (const id of changes.eventIds) client.invalidateQueries({ queryKey: reviewKeys.event(id) }).catch(() => undefined);
    if (changes.eventIds.length > 0) {
      client.invalidateQueries({ queryKey: reviewKeys.counts }).catch(() => undefined);
      client.invalidateQueries({ queryKey: reviewKeys.cameraActivity }).catch(() => undefined);
    }
  });
}
