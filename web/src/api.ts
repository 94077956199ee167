import type {
  CameraListResponse,
  CameraView,
  ClipDetail,
  ClipListResponse,
  HealthResponse,
  LogListResponse,
  StatsResponse,
} from './contract';
import { apiUrl } from './paths';
import type { ClipFilters } from './filters';
import { filtersToParams } from './filters';

/** A failed API call with the server's readable message. */
export class ApiFailure extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

async function request<T>(path: string, init: RequestInit = {}, params?: URLSearchParams): Promise<T> {
  const response = await fetch(apiUrl(path, params), { ...init, headers: { Accept: 'application/json', ...init.headers } });
  if (!response.ok) {
    let message = `${response.status} ${response.statusText}`;
    try {
      const body = (await response.json()) as { message?: unknown };
      if (typeof body.message === 'string') message = body.message;
    } catch {
      // not JSON: keep the status line
    }
    throw new ApiFailure(response.status, message);
  }
  if (response.status === 204) return undefined as T;
  return (await response.json()) as T;
}

export const api = {
  clips(filters: ClipFilters, cursor: string | null, signal?: AbortSignal): Promise<ClipListResponse> {
    const params = filtersToParams(filters);
    params.set('limit', '30');
    if (cursor) params.set('cursor', cursor);
    return request('clips', { signal }, params);
  },
  clip(id: string, signal?: AbortSignal): Promise<ClipDetail> {
    return request(`clips/${encodeURIComponent(id)}`, { signal });
  },
  deleteClip(id: string): Promise<void> {
    return request(`clips/${encodeURIComponent(id)}`, { method: 'DELETE' });
  },
  cameras(signal?: AbortSignal): Promise<CameraListResponse> {
    return request('cameras', { signal });
  },
  setArmed(name: string, armed: boolean): Promise<CameraView> {
    return request(`cameras/${encodeURIComponent(name)}/armed`, {
      method: 'PUT',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ armed }),
    });
  },
  stats(signal?: AbortSignal): Promise<StatsResponse> {
    return request('stats', { signal });
  },
  /** Log records kept in the database; filters as GET /api/logs takes them (level is a minimum). */
  logs(filters: Record<string, string>, signal?: AbortSignal): Promise<LogListResponse> {
    return request('logs', { signal }, new URLSearchParams(filters));
  },
  /** Health answers 503 with a body when unhealthy; that is still a report to show. */
  async health(signal?: AbortSignal): Promise<HealthResponse> {
    const response = await fetch(apiUrl('health'), { signal, headers: { Accept: 'application/json' } });
    if (!response.ok && response.status !== 503) throw new ApiFailure(response.status, response.statusText);
    return (await response.json()) as HealthResponse;
  },
};
