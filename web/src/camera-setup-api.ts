import { ApiFailure, request, sendJson } from './api';
import type { CameraProbeBody, CameraProbeResponse, CameraSetupInfo, SaveCameraBody, SaveCameraResponse } from './camera-setup-contract';

/** The REST calls of the add-camera wizard. */
export const cameraSetupApi = {
  /** Whether HomeSec can save a camera (and where), and the names already taken. */
  info(signal?: AbortSignal): Promise<CameraSetupInfo> {
    return request('camera-setup', { signal });
  },
  /** Asks the camera for its streams (ONVIF, then the brands' RTSP paths): a few seconds. */
  probe(body: CameraProbeBody, signal?: AbortSignal): Promise<CameraProbeResponse> {
    return request('camera-setup/probe', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(body),
      signal,
    });
  },
  save(body: SaveCameraBody): Promise<SaveCameraResponse> {
    return sendJson('POST', 'camera-setup/cameras', body);
  },
};

export const cameraSetupInfoQueryKey = ['camera-setup'] as const;

/**
 * Words for a failed wizard call. The server's own message when it sent one; otherwise what the status
 * means to someone setting up a camera, never a bare "500 Internal Server Error" or "Failed to fetch".
 */
export function setupFailureText(error: unknown): string {
  if (error instanceof DOMException && error.name === 'AbortError') return 'Stopped.';
  if (!(error instanceof ApiFailure)) return 'HomeSec did not answer: it may be restarting, or the network is down. Try again in a moment.';
  const bareStatus = /^\d{3}\b/.test(error.message);
  if (!bareStatus) return error.message;
  switch (error.status) {
    case 401:
      return 'Your session ended: log in again, then try again.';
    case 404:
      return 'This HomeSec cannot add cameras from the dashboard yet: update HomeSec, or add the camera to its configuration.';
    case 502:
    case 503:
    case 504:
      return 'HomeSec did not answer: it may be restarting. Try again in a moment.';
    default:
      return `HomeSec could not do that (${error.message}). Try again, or see the System view's log.`;
  }
}
