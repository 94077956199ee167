import { useEffect, useState } from 'react';

/**
 * A picture fetched from `url` every `everyMs` while `enabled` and the page is visible, as an object URL
 * (null until the first one arrives, or when the server has none). `failed` says the last fetch did not answer 200.
 */
export function useRefreshedPicture(url: string, everyMs: number, enabled: boolean): { picture: string | null; failed: boolean } {
  const [picture, setPicture] = useState<string | null>(null);
  const [failed, setFailed] = useState(false);

  useEffect(() => {
    if (!enabled) return;
    let current: string | null = null;
    let stopped = false;
    const load = async () => {
      if (document.visibilityState === 'hidden') return;
      try {
        const response = await fetch(url, { cache: 'no-store' });
        if (stopped) return;
        if (!response.ok) return setFailed(true);
        const next = URL.createObjectURL(await response.blob());
        if (stopped) return URL.revokeObjectURL(next);
        if (current) URL.revokeObjectURL(current);
        current = next;
        setPicture(next);
        setFailed(false);
      } catch {
        if (!stopped) setFailed(true);
      }
    };
    load().catch(() => undefined);
    const timer = setInterval(() => load().catch(() => undefined), everyMs);
    return () => {
      stopped = true;
      clearInterval(timer);
      if (current) URL.revokeObjectURL(current);
      setPicture(null);
    };
  }, [url, everyMs, enabled]);

  return { picture, failed };
}
