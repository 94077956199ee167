import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import type { Duplex } from 'node:stream';

/** The Supervisor's ingress proxy: the only peer allowed when `http.ingress_only` is on. */
export const INGRESS_PEERS: readonly string[] = ['172.30.32.2', '::ffff:172.30.32.2'];

const FORBIDDEN_BODY = 'HomeSec accepts connections only through Home Assistant ingress.\n';

/** The container's own loopback: the add-on HEALTHCHECK and a local Prometheus scraper. */
export const LOOPBACK_PEERS: readonly string[] = ['127.0.0.1', '::1', '::ffff:127.0.0.1'];
/** What loopback may read past the guard: health and metrics, nothing that shows clips or changes state. */
const LOOPBACK_PATHS: readonly string[] = ['/api/health', '/metrics'];

/** Whether a TCP peer may talk to us. Only the socket's own address counts: X-Forwarded-For is never trusted. */
export function isAllowedPeer(remoteAddress: string | undefined, allowed: readonly string[] = INGRESS_PEERS): boolean {
  return remoteAddress !== undefined && allowed.includes(remoteAddress);
}

/** A GET of /api/health or /metrics from loopback (never a WebSocket, never anything else). */
export function isLoopbackProbe(
  req: Pick<IncomingMessage, 'method' | 'url'> & { readonly socket: Pick<Socket, 'remoteAddress'> },
): boolean {
  if (req.method !== 'GET' || !isAllowedPeer(req.socket.remoteAddress, LOOPBACK_PEERS)) return false;
  const path = (req.url ?? '').split('?')[0] ?? '';
  return LOOPBACK_PATHS.includes(path);
}

type RequestListener = (req: IncomingMessage, res: ServerResponse) => void;
type UpgradeListener = (req: IncomingMessage, socket: Duplex, head: Buffer) => void;

/**
 * Puts one gate in front of every 'request' and 'upgrade' listener already on the server (express,
 * socket.io's engine): other peers get 403 for plain HTTP and for WebSocket upgrades alike, except
 * loopback reading health and metrics.
 * Call it after everything is attached and before listening.
 */
export function guardServer(server: Server, allowed: readonly string[] = INGRESS_PEERS): void {
  const requestListeners = server.listeners('request') as RequestListener[];
  const upgradeListeners = server.listeners('upgrade') as UpgradeListener[];
  server.removeAllListeners('request');
  server.removeAllListeners('upgrade');

  server.on('request', (req: IncomingMessage, res: ServerResponse) => {
    if (!isAllowedPeer(req.socket.remoteAddress, allowed) && !isLoopbackProbe(req)) {
      res.writeHead(403, {
        'Content-Type': 'text/plain; charset=utf-8',
        'Content-Length': Buffer.byteLength(FORBIDDEN_BODY),
        Connection: 'close',
      });
      res.end(FORBIDDEN_BODY);
      return;
    }
    for (const listener of requestListeners) listener.call(server, req, res);
  });

  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    if (!isAllowedPeer(req.socket.remoteAddress, allowed)) {
      refuseUpgrade(socket);
      return;
    }
    for (const listener of upgradeListeners) listener.call(server, req, socket, head);
  });
}

function refuseUpgrade(socket: Duplex): void {
  socket.on('error', () => undefined);
  socket.end(
    'HTTP/1.1 403 Forbidden\r\nConnection: close\r\nContent-Type: text/plain; charset=utf-8\r\n' +
      `Content-Length: ${Buffer.byteLength(FORBIDDEN_BODY)}\r\n\r\n${FORBIDDEN_BODY}`,
  );
}
