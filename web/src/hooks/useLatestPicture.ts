import { useEffect, useState, type RefObject } from 'react';
import { apiUrl } from '../paths';

const REFRESH_MS = 5_000;

/**
 * A camera's latest picture, refreshed while its tile is on screen and the page visible. A live camera's
 * `latest.jpg` (a frame from the stream HomeSec already decodes) when it answers 200; otherwise `fallback`
 * (the newest event's snapshot). Folder and FTP cameras have no stream: the fallback directly.
 */
export function useLatestPicture(
  camera: string,
  live: boolean,
  fallback: string | null,
  tile: RefObject<HTMLElement | null>,
): string | null {
  const [picture, setPicture] = useState<string | null>(null);
  const [visible, setVisible] = useState(false);

  useEffect(() => {
    const element = tile.current;
    if (!element) return;
    const observer = new IntersectionObserver((entries) => setVisible(entries.some((e) => e.isIntersecting)));
    observer.observe(element);
    return () => observer.disconnect();
  }, [tile]);

  useEffect(() => {
    if (!live || !visible) return;
    let url: string | null = null;
    let stopped = false;
    const load = async () => {
      if (document.visibilityState === 'hidden') return;
      try {
        const response = await fetch(apiUrl(`cameras/${encodeURIComponent(camera)}/latest.jpg`), { cache: 'no-store' });
        if (!response.ok || stopped) return setPicture(null);
        const next = URL.createObjectURL(await response.blob());
        if (url) URL.revokeObjectURL(url);
        url = next;
        if (!stopped) setPicture(next);
      } catch {
        if (!stopped) setPicture(null);
      }
    };
    load().catch(() => undefined);
    const timer = setInterval(() => load().catch(() => undefined), REFRESH_MS);
    return () => {
      stopped = true;
      clearInterval(timer);
      if (url) URL.revokeObjectURL(url);
    };
  }, [camera, live, visible]);

  return picture ?? fallback;
}
