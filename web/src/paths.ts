/**
 * Where the dashboard was loaded from, e.g. `/` standalone or `/api/hassio_ingress/<token>/` in HA.
 * Every server URL is built from it, so the ingress prefix is followed without the server knowing it.
 */
export function basePath(): string {
  const path = window.location.pathname;
  return path.slice(0, path.lastIndexOf('/') + 1) || '/';
}

/** socket.io's path under the page's folder (socket.io needs an absolute path, not a relative one). */
export function socketPath(): string {
  return `${basePath()}socket.io`;
}

/** A relative API URL: `./api/...` resolves against the page, inside or outside ingress. */
export function apiUrl(path: string, params?: URLSearchParams): string {
  const query = params && params.size > 0 ? `?${params.toString()}` : '';
  return `./api/${path}${query}`;
}

export function clipMediaUrl(id: string, kind: 'video' | 'snapshot' | 'thumbnail'): string {
  return apiUrl(`clips/${encodeURIComponent(id)}/${kind}`);
}

export function eventMediaUrl(id: string, kind: 'snapshot' | 'preview'): string {
  return apiUrl(`events/${encodeURIComponent(id)}/${kind}`);
}
