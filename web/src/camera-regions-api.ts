import { request, sendJson } from './api';
import type { CameraRegionsBody, CameraRegionsResponse, SaveCameraRegionsResponse } from './camera-regions-contract';

/** The zone editor's REST calls: a camera's motion masks and zones, read and saved whole. */
export const cameraRegionsApi = {
  get(camera: string, signal?: AbortSignal): Promise<CameraRegionsResponse> {
    return request(`cameras/${encodeURIComponent(camera)}/regions`, { signal });
  },
  save(camera: string, body: CameraRegionsBody): Promise<SaveCameraRegionsResponse> {
    return sendJson('PUT', `cameras/${encodeURIComponent(camera)}/regions`, body);
  },
};

export const cameraRegionsQueryKey = (camera: string) => ['camera-regions', camera] as const;
