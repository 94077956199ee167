import { io, type Socket } from 'socket.io-client';
import type { ClientToServerEvents, ServerToClientEvents } from '../../../server/src/http/contract.js';

export type DashboardSocket = Socket<ServerToClientEvents, ClientToServerEvents>;
type SignalName = keyof ServerToClientEvents;
type Payload<K extends SignalName> = Parameters<ServerToClientEvents[K]>[0];

/** A socket.io client as the dashboard opens it; `received` records every message from the first moment. */
export function connectDashboard(
  url: string,
  options: { path?: string; transports?: string[] } = {},
): {
  socket: DashboardSocket;
  next<K extends SignalName>(name: K, predicate?: (payload: Payload<K>) => boolean, timeoutMs?: number): Promise<Payload<K>>;
} {
  const socket: DashboardSocket = io(url, {
    path: options.path ?? '/socket.io',
    transports: options.transports ?? ['websocket'],
    reconnection: false,
    forceNew: true,
  });
  const received: { name: SignalName; payload: unknown }[] = [];
  const waiters = new Set<(name: SignalName, payload: unknown) => boolean>();
  socket.onAny((name: SignalName, payload: unknown) => {
    received.push({ name, payload });
    for (const waiter of [...waiters]) if (waiter(name, payload)) waiters.delete(waiter);
  });
  return {
    socket,
    next(name, predicate = () => true, timeoutMs = 10_000) {
      type P = Payload<typeof name>;
      return new Promise((resolve, reject) => {
        const matches = (n: SignalName, payload: unknown) => n === name && predicate(payload as P);
        const earlier = received.find((m) => matches(m.name, m.payload));
        if (earlier) {
          received.splice(received.indexOf(earlier), 1);
          resolve(earlier.payload as P);
          return;
        }
        const timer = setTimeout(() => {
          waiters.delete(waiter);
          reject(new Error(`no ${name} message within ${timeoutMs} ms`));
        }, timeoutMs);
        const waiter = (n: SignalName, payload: unknown) => {
          if (!matches(n, payload)) return false;
          clearTimeout(timer);
          received.splice(
            received.findIndex((m) => m.payload === payload),
            1,
          );
          resolve(payload as P);
          return true;
        };
        waiters.add(waiter);
      });
    },
  };
}
