import { randomBytes } from 'node:crypto';
import { createServer, request, type IncomingHttpHeaders, type Server } from 'node:http';
import { connect, type AddressInfo, type Socket } from 'node:net';

export interface IngressProxy {
  /** The panel URL a browser opens, e.g. http://127.0.0.1:PORT/api/hassio_ingress/<token>/ */
  readonly entryUrl: string;
  readonly prefix: string;
  /** Every proxied request: method, path as the add-on saw it, and the status it answered. */
  readonly log: { method: string; path: string; status: number; range: string | null }[];
  close(): Promise<void>;
}

/**
 * A stand-in for HA's ingress: strips `/api/hassio_ingress/<token>` from the path and adds `X-Ingress-Path`,
 * for HTTP and WebSocket upgrades, as Supervisor does (the add-on sees paths without the prefix).
 */
export async function startIngressProxy(target: string): Promise<IngressProxy> {
  const targetUrl = new URL(target);
  const prefix = `/api/hassio_ingress/${randomBytes(16).toString('hex')}`;
  const log: IngressProxy['log'] = [];
  const headersFor = (headers: IncomingHttpHeaders, clientIp: string | undefined): IncomingHttpHeaders => ({
    ...headers,
    host: targetUrl.host,
    'x-ingress-path': prefix,
    'x-hass-source': 'core.ingress',
    'x-forwarded-for': clientIp ?? '',
  });
  const strip = (url: string | undefined): string | null => {
    if (!url || !url.startsWith(prefix)) return null;
    const rest = url.slice(prefix.length);
    return rest === '' || rest.startsWith('/') || rest.startsWith('?') ? (rest.startsWith('/') ? rest : `/${rest}`) : null;
  };

  const server: Server = createServer((req, res) => {
    const path = strip(req.url);
    if (path === null) {
      res.writeHead(404).end('not an ingress path');
      return;
    }
    const upstream = request(
      {
        host: targetUrl.hostname,
        port: targetUrl.port,
        method: req.method,
        path,
        headers: headersFor(req.headers, req.socket.remoteAddress),
      },
      (answer) => {
        log.push({
          method: req.method ?? '',
          path,
          status: answer.statusCode ?? 0,
          range: typeof req.headers.range === 'string' ? req.headers.range : null,
        });
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    upstream.on('error', () => {
      if (!res.headersSent) res.writeHead(502);
      res.end();
    });
    // A browser that goes away ends the add-on's answer too (a live stream would run on otherwise), as Supervisor does.
    res.on('close', () => {
      if (!res.writableFinished) upstream.destroy();
    });
    req.pipe(upstream);
  });

  server.on('upgrade', (req, socket, head) => {
    const path = strip(req.url);
    if (path === null) {
      socket.end('HTTP/1.1 404 Not Found\r\n\r\n');
      return;
    }
    const upstream = connect(Number(targetUrl.port), targetUrl.hostname, () => {
      const headers = headersFor(req.headers, req.socket.remoteAddress);
      const lines = Object.entries(headers).flatMap(([k, v]) =>
        Array.isArray(v) ? v.map((x) => `${k}: ${x}`) : v === undefined ? [] : [`${k}: ${v}`],
      );
      upstream.write(`${req.method} ${path} HTTP/1.1\r\n${lines.join('\r\n')}\r\n\r\n`);
      if (head.length) upstream.write(head);
      upstream.pipe(socket).pipe(upstream);
    });
    log.push({ method: 'UPGRADE', path, status: 101, range: null });
    upstream.on('error', () => socket.destroy());
    socket.on('error', () => upstream.destroy());
  });

  const sockets = new Set<Socket>();
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    entryUrl: `http://127.0.0.1:${port}${prefix}/`,
    prefix,
    log,
    close: async () => {
      const closed = new Promise((resolve) => server.close(resolve));
      for (const socket of sockets) socket.destroy();
      await closed;
    },
  };
}
