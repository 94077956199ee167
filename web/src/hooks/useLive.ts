import { useSyncExternalStore } from 'react';
import type { LiveState } from '../live/live-store';
import { liveStore } from '../socket';

/** The live state (connection, recent clips, cameras); re-renders once per applied batch. */
export function useLive(): LiveState {
  return useSyncExternalStore(liveStore.subscribe, liveStore.getState);
}
