import type { QueryClient } from '@tanstack/react-query';
import { queryKeys } from '../queries';
import type { LiveStore } from './live-store';

/**
 * What the live overlay cannot patch: a clip page holds the full clip (detections, analysis, lifecycle), which
 * the socket's summaries do not carry, so it is fetched again when its clip changes. After a reconnect every
 * answer may have missed deltas (a deletion, a finished stage), so all of them are fetched again.
 */
export function syncLiveIntoQueries(store: LiveStore, client: QueryClient): () => void {
  return store.onChanges((changes) => {
    if (changes.resynced) {
      client.invalidateQueries().catch(() => undefined);
      return;
    }
    // A failed refetch shows up as that query's error.
    for (const id of changes.clipIds) client.invalidateQueries({ queryKey: queryKeys.clip(id) }).catch(() => undefined);
  });
}
