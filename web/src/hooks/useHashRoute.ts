import { useEffect, useState } from 'react';

export type Route =
  | { readonly page: 'review' }
  | { readonly page: 'event'; readonly id: string }
  | { readonly page: 'timeline' }
  | { readonly page: 'clip'; readonly id: string }
  | { readonly page: 'cameras' }
  | { readonly page: 'settings' }
  | { readonly page: 'system' }
  | { readonly page: 'missing' };

/** Hash routing (`#/events/<id>`): the server only ever serves one index.html, under any prefix. */
export function parseRoute(hash: string): Route {
  const path = hash.replace(/^#/, '') || '/';
  if (path === '/') return { page: 'review' };
  if (path === '/clips') return { page: 'timeline' };
  if (path === '/cameras') return { page: 'cameras' };
  if (path === '/settings') return { page: 'settings' };
  if (path === '/system') return { page: 'system' };
  const event = /^\/events\/([^/]+)$/.exec(path);
  if (event?.[1]) return { page: 'event', id: decodeURIComponent(event[1]) };
  const clip = /^\/clips\/([^/]+)$/.exec(path);
  if (clip?.[1]) return { page: 'clip', id: decodeURIComponent(clip[1]) };
  return { page: 'missing' };
}

export function useHashRoute(): Route {
  const [route, setRoute] = useState(() => parseRoute(window.location.hash));
  useEffect(() => {
    const onChange = () => setRoute(parseRoute(window.location.hash));
    window.addEventListener('hashchange', onChange);
    return () => window.removeEventListener('hashchange', onChange);
  }, []);
  return route;
}

export function clipHref(id: string): string {
  return `#/clips/${encodeURIComponent(id)}`;
}

export function eventHref(id: string): string {
  return `#/events/${encodeURIComponent(id)}`;
}
