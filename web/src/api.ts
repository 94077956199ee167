import type {
  CameraListResponse,
  CameraView,
  ClipDetail,
  ClipListParams,
  ClipListResponse,
  HealthResponse,
  LogListParams,
  LogListResponse,
  LoginBody,
  SessionResponse,
  StatsResponse,
} from './contract';
import { apiUrl } from './paths';

/** A failed API call with the server's readable message. */
export class ApiFailure extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

let unauthorized: (() => void) | null = null;

/** Called when an API call answers 401 (the session ended or expired): the app shows the login again. */
export function onUnauthorized(listener: () => void): void {
  unauthorized = listener;
}

/** Sends one request to `./api/<path>` and parses the JSON answer; a non-2xx answer (other than `accept`) throws ApiFailure. */
export async function request<T>(
  path: string,
  init: RequestInit = {},
  params?: ClipListParams | LogListParams | Readonly<Record<string, string | undefined>>,
  accept?: number,
): Promise<T> {
  const query = new URLSearchParams(Object.entries(params ?? {}).filter((entry): entry is [string, string] => entry[1] !== undefined));
  const response = await fetch(apiUrl(path, query), { ...init, headers: { Accept: 'application/json', ...init.headers } });
  if (response.status === 401 && !path.startsWith('auth/')) unauthorized?.();
  if (!response.ok && response.status !== accept) {
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

export function sendJson<T>(method: 'PUT' | 'POST', path: string, body: unknown): Promise<T> {
  return request(path, { method, headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
}

/** Every REST call the dashboard makes; components reach them through the queries and mutations, not directly. */
export const api = {
  clips(params: ClipListParams, signal?: AbortSignal): Promise<ClipListResponse> {
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
    return sendJson('PUT', `cameras/${encodeURIComponent(name)}/armed`, { armed });
  },
  stats(signal?: AbortSignal): Promise<StatsResponse> {
    return request('stats', { signal });
  },
  /** Log records kept in the database; `level` is a minimum. */
  logs(params: LogListParams, signal?: AbortSignal): Promise<LogListResponse> {
    return request('logs', { signal }, params);
  },
  /** Whether a login is needed and who is logged in. */
  session(signal?: AbortSignal): Promise<SessionResponse> {
    return request('auth/session', { signal });
  },
  login(body: LoginBody): Promise<SessionResponse> {
    return sendJson('POST', 'auth/login', body);
  },
  logout(): Promise<void> {
    return request('auth/logout', { method: 'POST' });
  },
  /** Health answers 503 with a body when unhealthy; that is still a report to show. */
  health(signal?: AbortSignal): Promise<HealthResponse> {
    return request('health', { signal }, undefined, 503);
  },
};

/** Words for a failed call, for the page to show. */
export function failureText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
