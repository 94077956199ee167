import { useCallback, useEffect, useRef, useState } from 'react';
import { api } from '../api';
import type { ClipSummary } from '../contract';
import { matchesFilters, type ClipFilters } from '../filters';
import type { ClipChanges } from '../live/live-store';
import { liveStore } from '../socket';

export interface Timeline {
  readonly clips: readonly ClipSummary[];
  readonly loading: boolean;
  readonly error: string | null;
  /** No older clips to load. */
  readonly complete: boolean;
  loadMore(): void;
}

interface Page {
  readonly clips: readonly ClipSummary[];
  readonly cursor: string | null;
  readonly complete: boolean;
}

const EMPTY: Page = { clips: [], cursor: null, complete: false };

/** Filtered clips, newest first: pages from the API (keyset cursor) merged with live changes from the socket. */
export function useTimeline(filters: ClipFilters): Timeline {
  const [page, setPage] = useState<Page>(EMPTY);
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<string | null>(null);
  const request = useRef<AbortController | null>(null);

  const load = useCallback(
    (cursor: string | null) => {
      request.current?.abort();
      const controller = new AbortController();
      request.current = controller;
      setLoading(true);
      api.clips(filters, cursor, controller.signal).then(
        (result) => {
          setPage((current) => ({
            clips: mergeClips(cursor ? current.clips : [], result.clips),
            cursor: result.nextCursor,
            complete: result.nextCursor === null,
          }));
          setError(null);
          setLoading(false);
        },
        (e: unknown) => {
          if (controller.signal.aborted) return;
          setError(e instanceof Error ? e.message : String(e));
          setLoading(false);
        },
      );
    },
    [filters],
  );

  useEffect(() => {
    setPage(EMPTY);
    load(null);
    return () => request.current?.abort();
  }, [load]);

  useEffect(() => liveStore.onClipChanges((changes) => setPage((current) => applyLive(current, changes, filters))), [filters]);

  const loadMore = useCallback(() => {
    if (!loading && page.cursor) load(page.cursor);
  }, [load, loading, page.cursor]);

  return { clips: page.clips, loading, error, complete: page.complete, loadMore };
}

function newestFirst(a: ClipSummary, b: ClipSummary): number {
  return Date.parse(b.startedAt) - Date.parse(a.startedAt) || (a.id < b.id ? 1 : a.id > b.id ? -1 : 0);
}

function mergeClips(existing: readonly ClipSummary[], incoming: readonly ClipSummary[]): ClipSummary[] {
  const byId = new Map(existing.map((clip) => [clip.id, clip]));
  for (const clip of incoming) byId.set(clip.id, clip);
  return [...byId.values()].sort(newestFirst);
}

/** Live clips join the list when they match the filters and fall inside the loaded range; deletions leave it. */
function applyLive(page: Page, changes: ClipChanges, filters: ClipFilters): Page {
  const oldest = page.clips[page.clips.length - 1];
  const present = new Set(page.clips.map((clip) => clip.id));
  const accepted = changes.upserted.filter((clip) => {
    if (present.has(clip.id)) return true;
    if (!matchesFilters(clip, filters)) return false;
    return page.complete || oldest === undefined || newestFirst(clip, oldest) <= 0;
  });
  if (accepted.length === 0 && changes.deleted.length === 0) return page;
  const deleted = new Set(changes.deleted);
  const keepDeleted = filters.status === 'deleted';
  const clips = mergeClips(page.clips, accepted).filter((clip) => !deleted.has(clip.id) && (keepDeleted || clip.status !== 'deleted'));
  return { ...page, clips };
}
