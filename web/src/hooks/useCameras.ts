import { useQuery } from '@tanstack/react-query';
import { failureText } from '../api';
import type { CameraView } from '../contract';
import { overlayCameras } from '../live/live-overlay';
import { camerasQuery } from '../queries';
import { useLive } from './useLive';

export interface Cameras {
  /** undefined until either the API or the socket has answered. */
  readonly cameras: readonly CameraView[] | undefined;
  readonly error: string | null;
}

/** The one place the dashboard gets its cameras from: the API's list until the socket's snapshot, live after. */
export function useCameras(): Cameras {
  const live = useLive();
  // Once the socket has the full list, the REST copy is not needed (nor fetched again).
  const query = useQuery({ ...camerasQuery, enabled: !live.synced });
  const cameras = overlayCameras(query.data, live);
  return { cameras, error: cameras === undefined && query.error ? failureText(query.error) : null };
}
