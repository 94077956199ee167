import { request, sendJson } from './api';
import type { AddHaCameraBody, AddHaCameraResponse, HaCameraListResponse } from './ha-camera-contract';
import { apiUrl } from './paths';

/** The REST calls of "Add a Home Assistant camera". */
export const haCameraApi = {
  list(signal?: AbortSignal): Promise<HaCameraListResponse> {
    return request('ha/cameras', { signal });
  },
  add(body: AddHaCameraBody): Promise<AddHaCameraResponse> {
    return sendJson('POST', 'ha/cameras', body);
  },
};

/** The camera's current picture from Home Assistant, proxied by HomeSec (Home Assistant's token stays on the server). */
export function haSnapshotUrl(entityId: string): string {
  return apiUrl(`ha/cameras/${encodeURIComponent(entityId)}/snapshot.jpg`);
}

export const haCamerasQueryKey = ['ha-cameras'] as const;
