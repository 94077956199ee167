import type { IncomingMessage, Server } from 'node:http';
import type { Duplex } from 'node:stream';
import type { GateVerdict } from './dashboard-auth.js';

type UpgradeListener = (req: IncomingMessage, socket: Duplex, head: Buffer) => void;

/**
 * Puts `check` in front of every 'upgrade' listener already on the server (socket.io's WebSocket):
 * express never sees an upgrade, so the live socket's session is checked here, with the same verdict
 * (and cookie parser) socket.io's own `allowRequest` applies to its polling requests. A refused upgrade
 * gets the status as a plain HTTP answer on the socket. Call it after socket.io is attached.
 */
export function gateUpgrades(server: Server, check: (req: IncomingMessage) => GateVerdict): void {
  const upgradeListeners = server.listeners('upgrade') as UpgradeListener[];
  server.removeAllListeners('upgrade');
  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    const verdict = check(req);
    if (!verdict.pass) {
      socket.on('error', () => undefined); // a client gone while refused: nothing left to tell it
      socket.end(`HTTP/1.1 ${verdict.status} ${verdict.code}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
      return;
    }
    for (const listener of upgradeListeners) listener.call(server, req, socket, head);
  });
}
