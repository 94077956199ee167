import { infiniteQueryOptions, queryOptions } from '@tanstack/react-query';
import { api } from './api';
import type { LogListParams } from './contract';
import { filtersToParams, type ClipFilters } from './filters';

// Every REST read the dashboard makes, as TanStack Query options: one key scheme, one place for freshness rules.
// Components call useQuery(xQuery(...)); live changes are laid over the answers by the hooks (see live/).

export const queryKeys = {
  clipLists: ['clips', 'list'] as const,
  clipList: (filters: ClipFilters) => ['clips', 'list', filters] as const,
  clip: (id: string) => ['clips', 'detail', id] as const,
  cameras: ['cameras'] as const,
  health: ['health'] as const,
  stats: ['stats'] as const,
  logs: (params: LogListParams) => ['logs', params] as const,
  session: ['session'] as const,
};

const PAGE_SIZE = 30;
/** System figures have no live feed: refresh them while they are on screen. */
const POLL_MS = 15_000;

/** The timeline, a keyset-paginated list; the socket keeps it current, so it is never stale on its own. */
export function clipListQuery(filters: ClipFilters) {
  return infiniteQueryOptions({
    queryKey: queryKeys.clipList(filters),
    queryFn: ({ pageParam, signal }) =>
      api.clips({ ...filtersToParams(filters), limit: String(PAGE_SIZE), ...(pageParam ? { cursor: pageParam } : {}) }, signal),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
    staleTime: Infinity,
  });
}

/** One clip with its lifecycle; fetched again whenever the socket reports a step for it. */
export function clipDetailQuery(id: string) {
  return queryOptions({ queryKey: queryKeys.clip(id), queryFn: ({ signal }) => api.clip(id, signal) });
}

/** Every configured camera; the socket's snapshot and camera updates take over once they arrive. */
export const camerasQuery = queryOptions({
  queryKey: queryKeys.cameras,
  queryFn: async ({ signal }) => (await api.cameras(signal)).cameras,
  staleTime: 30_000,
});

export const healthQuery = queryOptions({
  queryKey: queryKeys.health,
  queryFn: ({ signal }) => api.health(signal),
  refetchInterval: POLL_MS,
});

export const statsQuery = queryOptions({ queryKey: queryKeys.stats, queryFn: ({ signal }) => api.stats(signal), refetchInterval: POLL_MS });

export function logsQuery(params: LogListParams) {
  return queryOptions({ queryKey: queryKeys.logs(params), queryFn: ({ signal }) => api.logs(params, signal), refetchInterval: POLL_MS });
}

/** Whether a login is needed and who is logged in; asked again when any call answers 401. */
export const sessionQuery = queryOptions({
  queryKey: queryKeys.session,
  queryFn: ({ signal }) => api.session(signal),
  staleTime: Infinity,
});
