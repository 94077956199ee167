import { useEffect, useRef, useState } from 'react';

/**
 * `text`, changed at most once per `everyMs` unless `key` changes (then at once): a live region read aloud
 * five times a second says nothing, one that follows the verdict at once and the numbers every so often does.
 */
export function useSteadyText(text: string, key: string, everyMs: number): string {
  const [shown, setShown] = useState(text);
  const last = useRef({ key, at: 0 });

  useEffect(() => {
    const now = Date.now();
    const wait = last.current.key !== key ? 0 : Math.max(0, last.current.at + everyMs - now);
    const show = () => {
      last.current = { key, at: Date.now() };
      setShown(text);
    };
    if (wait === 0) {
      show();
      return;
    }
    const timer = setTimeout(show, wait);
    return () => clearTimeout(timer);
  }, [text, key, everyMs]);

  return shown;
}
