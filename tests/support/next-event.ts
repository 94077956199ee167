import type { EventEmitter } from 'node:events';

type EventMap<E> = { [K in keyof E]: unknown[] };

/** Waits for an event of a typed emitter that matches; rejects after the deadline naming what it waited for. */
export function nextEvent<E extends EventMap<E>, K extends keyof E & string>(
  source: EventEmitter<E>,
  name: K,
  match: (...args: E[K]) => boolean = () => true,
  timeoutMs = 15_000,
): Promise<E[K]> {
  return new Promise((resolve, reject) => {
    const listener = (...args: E[K]) => {
      if (!match(...args)) return;
      clearTimeout(timer);
      source.off(name as never, listener as never);
      resolve(args);
    };
    const timer = setTimeout(() => {
      source.off(name as never, listener as never);
      reject(new Error(`no matching "${name}" event within ${timeoutMs} ms`));
    }, timeoutMs);
    source.on(name as never, listener as never);
  });
}
