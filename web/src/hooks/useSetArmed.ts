import { useMutation } from '@tanstack/react-query';
import { api } from '../api';
import { applyCameraView } from '../socket';

/**
 * Arms or disarms one camera's alerts; the switch shows the requested state while the call is pending. The answer
 * is the camera's view as the socket's `camera:status` carries it, so it goes into the live state the same way
 * (the socket's own message may come a moment later, or not at all while it reconnects).
 */
export function useSetArmed(camera: string) {
  return useMutation({ mutationFn: (armed: boolean) => api.setArmed(camera, armed), onSuccess: applyCameraView });
}
