import { keepPreviousData, useInfiniteQuery } from '@tanstack/react-query';
import { useCallback, useMemo } from 'react';
import { failureText } from '../api';
import type { ClipSummary } from '../contract';
import type { ClipFilters } from '../filters';
import { overlayClips } from '../live/live-overlay';
import { clipListQuery } from '../queries';
import { useLive } from './useLive';

export interface Timeline {
  readonly clips: readonly ClipSummary[];
  readonly loading: boolean;
  readonly error: string | null;
  /** No older clips to load. */
  readonly complete: boolean;
  loadMore(): void;
}

/** Filtered clips, newest first: pages from the API (keyset cursor) with the socket's live changes laid over them. */
export function useTimeline(filters: ClipFilters): Timeline {
  // While new filters load, the previous list stays on screen (marked busy) instead of flashing empty.
  const query = useInfiniteQuery({ ...clipListQuery(filters), placeholderData: keepPreviousData });
  const live = useLive();
  const complete = query.isSuccess && !query.hasNextPage;
  const loaded = useMemo(() => query.data?.pages.flatMap((page) => page.clips) ?? [], [query.data]);
  const clips = useMemo(() => overlayClips(loaded, live, filters, complete), [loaded, live, filters, complete]);
  const { fetchNextPage, hasNextPage, isFetching } = query;
  const loadMore = useCallback(() => {
    // A failed page shows up as the query's error; the promise itself is not needed.
    if (hasNextPage && !isFetching) fetchNextPage().catch(() => undefined);
  }, [fetchNextPage, hasNextPage, isFetching]);
  return { clips, loading: query.isFetching, error: query.error ? failureText(query.error) : null, complete, loadMore };
}
