import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import type { GateVerdict } from './dashboard-auth.js';

export interface RequestGate {
  check(req: IncomingMessage, upgrade: boolean): GateVerdict;
}

type RequestListener = (req: IncomingMessage, res: ServerResponse) => void;
type UpgradeListener = (req: IncomingMessage, socket: Duplex, head: Buffer) => void;

/**
 * Puts `gate` in front of every 'request' and 'upgrade' listener already on the server (express and
 * socket.io's engine, polling and WebSocket alike), as the ingress guard does. A refused request gets
 * the gate's status with a JSON body; a refused upgrade gets it as a plain HTTP answer on the socket.
 * Call it after everything is attached and before listening.
 */
export function gateServer(server: Server, gate: RequestGate): void {
  const requestListeners = server.listeners('request') as RequestListener[];
  const upgradeListeners = server.listeners('upgrade') as UpgradeListener[];
  server.removeAllListeners('request');
  server.removeAllListeners('upgrade');

  server.on('request', (req: IncomingMessage, res: ServerResponse) => {
    const verdict = gate.check(req, false);
    if (!verdict.pass) {
      const body = JSON.stringify({ error: verdict.code, message: verdict.message });
      res.writeHead(verdict.status, { 'Content-Type': 'application/json; charset=utf-8', 'Content-Length': Buffer.byteLength(body) });
      res.end(body);
      return;
    }
    for (const listener of requestListeners) listener.call(server, req, res);
  });

  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    const verdict = gate.check(req, true);
    if (!verdict.pass) {
      socket.on('error', () => undefined); // a client gone while refused: nothing left to tell it
      socket.end(`HTTP/1.1 ${verdict.status} ${verdict.code}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
      return;
    }
    for (const listener of upgradeListeners) listener.call(server, req, socket, head);
  });
}
