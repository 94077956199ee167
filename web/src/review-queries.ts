import { infiniteQueryOptions, queryOptions } from '@tanstack/react-query';
import { reviewApi } from './review-api';
import type { EventListParams } from './review-contract';

// The review pages' REST reads as TanStack Query options (see queries.ts); the socket keeps them current.

/** Which events a review tab shows: alerts (sent an alert), detections (a trigger label confirmed) or all. */
export type ReviewTab = 'alerts' | 'detections' | 'all';

export interface EventFilters {
  readonly tab: ReviewTab;
  readonly camera: string;
  readonly unreviewedOnly: boolean;
}

export const DEFAULT_EVENT_FILTERS: EventFilters = { tab: 'alerts', camera: '', unreviewedOnly: false };

export const reviewKeys = {
  eventLists: ['events', 'list'] as const,
  eventList: (filters: EventFilters) => ['events', 'list', filters] as const,
  eventDetails: ['events', 'detail'] as const,
  event: (id: string) => ['events', 'detail', id] as const,
  /** Under the clip's own key: whatever changes the clip fetches its event view again. */
  eventOfClip: (clipId: string) => ['clips', 'detail', clipId, 'event'] as const,
  counts: ['review', 'counts'] as const,
  cameraActivity: ['review', 'cameras'] as const,
  rules: ['rules'] as const,
  settings: ['settings'] as const,
};

/** 200 a page: a phone screen of cards is 4, a desktop one 12; a long history scrolls in few requests. */
export const EVENT_PAGE_SIZE = 200;

export function filtersToEventParams(f: EventFilters): EventListParams {
  const params: EventListParams = {};
  if (f.tab === 'alerts') params.alerted = 'true';
  if (f.tab === 'detections') params.triggered = 'true';
  if (f.camera) params.camera = f.camera;
  if (f.unreviewedOnly) params.reviewed = 'false';
  return params;
}

export function eventListQuery(filters: EventFilters) {
  return infiniteQueryOptions({
    queryKey: reviewKeys.eventList(filters),
    queryFn: ({ pageParam, signal }) =>
      reviewApi.events(
        { ...filtersToEventParams(filters), limit: String(EVENT_PAGE_SIZE), ...(pageParam ? { cursor: pageParam } : {}) },
        signal,
      ),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
    staleTime: Infinity,
  });
}

/** What the event page shows: an event by its id, or the event of a clip. */
export type EventPageTarget = { readonly eventId: string } | { readonly clipId: string };

export function eventPageQuery(target: EventPageTarget) {
  const queryKey: readonly string[] = 'eventId' in target ? reviewKeys.event(target.eventId) : reviewKeys.eventOfClip(target.clipId);
  return queryOptions({
    queryKey,
    queryFn: ({ signal }) => ('eventId' in target ? reviewApi.event(target.eventId, signal) : reviewApi.eventOfClip(target.clipId, signal)),
  });
}

/** The header's count; fetched again whenever the socket reports an event change. */
export const reviewCountsQuery = queryOptions({
  queryKey: reviewKeys.counts,
  queryFn: ({ signal }) => reviewApi.counts(signal),
  staleTime: 2_000,
});

export const cameraActivityQuery = queryOptions({
  queryKey: reviewKeys.cameraActivity,
  queryFn: async ({ signal }) => (await reviewApi.cameraActivity(signal)).cameras,
  refetchInterval: 60_000,
});

export const rulesQuery = queryOptions({
  queryKey: reviewKeys.rules,
  queryFn: async ({ signal }) => (await reviewApi.rules(signal)).rules,
});

export const settingsQuery = queryOptions({ queryKey: reviewKeys.settings, queryFn: ({ signal }) => reviewApi.settings(signal) });
