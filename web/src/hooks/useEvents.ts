import { keepPreviousData, useInfiniteQuery } from '@tanstack/react-query';
import { useCallback, useMemo } from 'react';
import { failureText } from '../api';
import type { EventSummary } from '../review-contract';
import { eventListQuery, type EventFilters } from '../review-queries';
import { useLive } from './useLive';

export interface EventList {
  readonly events: readonly EventSummary[];
  readonly loading: boolean;
  readonly error: string | null;
  readonly complete: boolean;
  loadMore(): void;
}

/** Whether a live event belongs in the tab (the server's filters, applied to a summary). */
export function matchesEventFilters(event: EventSummary, f: EventFilters): boolean {
  if (f.tab === 'alerts' && !event.alerted) return false;
  if (f.tab === 'detections' && !event.triggered) return false;
  if (f.camera && event.camera !== f.camera) return false;
  return !(f.unreviewedOnly && event.reviewed);
}

function newestFirst(a: EventSummary, b: EventSummary): number {
  return Date.parse(b.startedAt) - Date.parse(a.startedAt) || (a.id < b.id ? 1 : a.id > b.id ? -1 : 0);
}

/**
 * A review tab, newest first: pages from the API with the socket's live events laid over them (a live change
 * wins; a new event that matches and falls inside the loaded range is added). An event reviewed while the
 * "unreviewed" filter is on stays until the list is asked for again, so a card never vanishes under the pointer.
 */
export function useEvents(filters: EventFilters): EventList {
  const query = useInfiniteQuery({ ...eventListQuery(filters), placeholderData: keepPreviousData });
  const live = useLive();
  const complete = query.isSuccess && !query.hasNextPage;
  const loaded = useMemo(() => query.data?.pages.flatMap((page) => page.events) ?? [], [query.data]);
  const events = useMemo(() => {
    const byId = new Map<string, EventSummary>();
    let oldest: EventSummary | undefined;
    for (const event of loaded) {
      if (!oldest || newestFirst(event, oldest) > 0) oldest = event;
      byId.set(event.id, live.events.get(event.id) ?? event);
    }
    for (const event of live.events.values()) {
      if (byId.has(event.id) || !matchesEventFilters(event, filters)) continue;
      if (complete || oldest === undefined || newestFirst(event, oldest) <= 0) byId.set(event.id, event);
    }
    return [...byId.values()].sort(newestFirst);
  }, [loaded, live.events, filters, complete]);
  const { fetchNextPage, hasNextPage, isFetching } = query;
  const loadMore = useCallback(() => {
    if (hasNextPage && !isFetching) fetchNextPage().catch(() => undefined);
  }, [fetchNextPage, hasNextPage, isFetching]);
  return { events, loading: query.isFetching, error: query.error ? failureText(query.error) : null, complete, loadMore };
}
