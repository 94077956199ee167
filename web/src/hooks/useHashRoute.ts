import { useEffect, useState } from 'react';

export type Route =
  | { readonly page: 'review' }
  /** `clipId`: the clip the page opens on and highlights (a clip link), else null. */
  | { readonly page: 'event'; readonly id: string; readonly clipId: string | null }
  | { readonly page: 'timeline' }
  /** A clip's link: the page of its event, opened on that clip. */
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
  const event = /^\/events\/([^/]+)(?:\/clips\/([^/]+))?$/.exec(path);
  if (event?.[1]) return { page: 'event', id: decodeURIComponent(event[1]), clipId: event[2] ? decodeURIComponent(event[2]) : null };
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

/** A clip's link: its event's page opened on it; a clip without an event has a page made from it alone. */
export function clipHref(clip: { readonly id: string; readonly eventId: string | null }): string {
  return clip.eventId === null ? `#/clips/${encodeURIComponent(clip.id)}` : eventHref(clip.eventId, clip.id);
}

/** An event's page, opened on one of its clips when `clipId` is given. */
export function eventHref(id: string, clipId: string | null = null): string {
  const clip = clipId === null ? '' : `/clips/${encodeURIComponent(clipId)}`;
  return `#/events/${encodeURIComponent(id)}${clip}`;
}
