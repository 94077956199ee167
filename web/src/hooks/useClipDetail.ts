import { useEffect, useState } from 'react';
import { api } from '../api';
import type { ClipDetail } from '../contract';
import { liveStore } from '../socket';

export type DetailState =
  | { readonly kind: 'loading' }
  | { readonly kind: 'loaded'; readonly detail: ClipDetail }
  | { readonly kind: 'failed'; readonly message: string; readonly status: number | null };

/** One clip's detail, fetched again whenever the socket reports a step for it. */
export function useClipDetail(id: string): DetailState {
  const [state, setState] = useState<DetailState>({ kind: 'loading' });
  const [revision, setRevision] = useState(0);

  useEffect(
    () =>
      liveStore.onClipChanges((changes) => {
        if (changes.upserted.some((clip) => clip.id === id) || changes.deleted.includes(id)) setRevision((r) => r + 1);
      }),
    [id],
  );

  useEffect(() => {
    const controller = new AbortController();
    api.clip(id, controller.signal).then(
      (detail) => setState({ kind: 'loaded', detail }),
      (e: unknown) => {
        if (controller.signal.aborted) return;
        const status = typeof (e as { status?: unknown }).status === 'number' ? (e as { status: number }).status : null;
        setState({ kind: 'failed', message: e instanceof Error ? e.message : String(e), status });
      },
    );
    return () => controller.abort();
  }, [id, revision]);

  return state;
}
