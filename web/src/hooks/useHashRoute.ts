import { useEffect, useState } from 'react';

export type Route =
  | { readonly page: 'timeline' }
  | { readonly page: 'clip'; readonly id: string }
  | { readonly page: 'cameras' }
  | { readonly page: 'system' }
  | { readonly page: 'missing' };

/** Hash routing (`#/clips/<id>`): the server only ever serves one index.html, under any prefix. */
export function parseRoute(hash: string): Route {
  const path = hash.replace(/^#/, '') || '/';
  if (path === '/') return { page: 'timeline' };
  if (path === '/cameras') return { page: 'cameras' };
  if (path === '/system') return { page: 'system' };
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
