import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One request the fake Supervisor received. */
export interface SupervisorRequest {
  readonly method: string;
  readonly path: string;
  readonly authorization: string | undefined;
  readonly body: string;
}

/** What one route answers: a Supervisor envelope `{result, data}` or a raw status and body. */
export type SupervisorReply =
  | { readonly kind: 'ok'; readonly data: unknown }
  | { readonly kind: 'error'; readonly status: number; readonly message: string }
  | { readonly kind: 'raw'; readonly status: number; readonly body: string }
  /** Never answers (a hung Supervisor, for timeouts). */
  | { readonly kind: 'hang' };

export interface FakeSupervisor {
  /** e.g. http://127.0.0.1:PORT, for SUPERVISOR_URL. */
  readonly url: string;
  readonly token: string;
  readonly requests: SupervisorRequest[];
  /** Sets the reply of `METHOD /path`; POST /core/api/events/<type> answers HA's {"message"} by default. */
  reply(method: string, path: string, reply: SupervisorReply): void;
  close(): Promise<void>;
}

/**
 * A real HTTP server on 127.0.0.1 playing the Supervisor API: checks the bearer token (401 otherwise,
 * as the Supervisor does), answers per route, records every request.
 */
export async function startFakeSupervisor(token = 'test-supervisor-token'): Promise<FakeSupervisor> {
  const routes = new Map<string, SupervisorReply>();
  const requests: SupervisorRequest[] = [];
  const server: Server = createServer((req, res) => {
    readBody(req).then(
      (body) => {
        const path = (req.url ?? '/').split('?')[0] ?? '/';
        const method = req.method ?? 'GET';
        requests.push({ method, path, authorization: req.headers.authorization, body });
        const send = (status: number, payload: string) => res.writeHead(status, { 'content-type': 'application/json' }).end(payload);
        if (req.headers.authorization !== `Bearer ${token}`) return send(401, JSON.stringify({ result: 'error', message: 'Unauthorized' }));
        const route = routes.get(`${method} ${path}`) ?? defaultReply(method, path);
        switch (route.kind) {
          case 'ok':
            return send(200, JSON.stringify({ result: 'ok', data: route.data }));
          case 'error':
            return send(route.status, JSON.stringify({ result: 'error', message: route.message }));
          case 'raw':
            return send(route.status, route.body);
          case 'hang':
            return undefined;
        }
      },
      () => res.destroy(),
    );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    token,
    requests,
    reply: (method, path, reply) => void routes.set(`${method} ${path}`, reply),
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((e) => (e ? reject(e) : resolve()));
      }),
  };
}

function defaultReply(method: string, path: string): SupervisorReply {
  if (method === 'POST' && path.startsWith('/core/api/events/')) {
    return { kind: 'raw', status: 200, body: JSON.stringify({ message: `Event ${path.slice('/core/api/events/'.length)} fired.` }) };
  }
  // HA's REST API answers an action call with the states it changed (none for a notification).
  if (method === 'POST' && path.startsWith('/core/api/services/')) return { kind: 'raw', status: 200, body: '[]' };
  if (method === 'GET' && path === '/addons/self/info')
    return {
      kind: 'ok',
      data: { slug: 'local_homesec', ingress_url: '/api/hassio_ingress/abc/', ingress_entry: '/api/hassio_ingress/abc' },
    };
  // What the Supervisor says when no broker add-on provides the service.
  return { kind: 'error', status: 400, message: 'Service not enabled' };
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', () => resolve(''));
  });
}
