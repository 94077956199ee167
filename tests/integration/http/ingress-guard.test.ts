import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Server as SocketServer } from 'socket.io';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { guardServer } from '../../../server/src/http/ingress-guard.js';
import { startApi, type ApiUnderTest } from './http-test-kit.js';
import { connectDashboard } from './socket-client.js';

/** Sends a WebSocket upgrade for socket.io and resolves with the HTTP status the server answered. */
function upgradeStatus(baseUrl: string, headers: Record<string, string> = {}): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(`${baseUrl}/socket.io/?EIO=4&transport=websocket`, {
      headers: {
        Connection: 'Upgrade',
        Upgrade: 'websocket',
        'Sec-WebSocket-Key': 'dGhlIHNhbXBsZSBub25jZQ==',
        'Sec-WebSocket-Version': '13',
        ...headers,
      },
    });
    req.on('upgrade', (res, socket) => {
      socket.destroy();
      resolve(res.statusCode ?? 0);
    });
    req.on('response', (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.on('error', reject);
    req.end();
  });
}

const pollingUrl = (base: string) => `${base}/socket.io/?EIO=4&transport=polling`;

describe('ingress_only on: a direct connection is refused', () => {
  let api: ApiUnderTest;
  beforeAll(async () => {
    api = await startApi('sqlite', { http: { host: '127.0.0.1', port: 0, ingress_only: true } });
  });
  afterAll(async () => api?.close());

  it('answers 403 to plain HTTP for the API and the dashboard, whatever X-Forwarded-For says', async () => {
    // Given a client on 127.0.0.1, not the Supervisor (loopback may only read /api/health and /metrics: tests/integration/security)
    for (const path of ['/api/stats', '/api/clips', '/', '/assets/index.js']) {
      // When it asks for anything, even claiming to be forwarded from the Supervisor
      const response = await fetch(`${api.url}${path}`, {
        headers: { 'X-Forwarded-For': '172.30.32.2', 'X-Ingress-Path': '/api/hassio_ingress/abc' },
      });
      // Then 403 with a sentence saying why
      expect(response.status, path).toBe(403);
      expect(await response.text()).toBe('HomeSec accepts connections only through Home Assistant ingress.\n');
    }
  });

  it('answers 403 to socket.io long-polling and to the WebSocket upgrade', async () => {
    // Given a client on 127.0.0.1 / When it opens socket.io by polling or by WebSocket / Then both are 403
    expect((await fetch(pollingUrl(api.url))).status).toBe(403);
    expect(await upgradeStatus(api.url)).toBe(403);
    expect(await upgradeStatus(api.url, { 'X-Forwarded-For': '172.30.32.2' })).toBe(403);
  });

  it('never lets a socket.io client connect', async () => {
    // Given the real socket.io client / When it connects over WebSocket / Then it gets a connect_error
    const client = connectDashboard(api.url);
    const error = await new Promise<Error>((resolve) => client.socket.on('connect_error', resolve));
    client.socket.close();
    expect(error.message).toMatch(/websocket error/i);
  });
});

describe('ingress_only off (standalone): the same requests are served', () => {
  let api: ApiUnderTest;
  beforeAll(async () => {
    api = await startApi('sqlite');
  });
  afterAll(async () => api?.close());

  it('serves HTTP, socket.io polling and the WebSocket upgrade', async () => {
    // Given the default config / When the same requests are made / Then they succeed
    expect((await fetch(`${api.url}/api/health`)).status).toBe(200);
    expect((await fetch(pollingUrl(api.url))).status).toBe(200);
    expect(await upgradeStatus(api.url)).toBe(101);
  });
});

describe('guardServer lets the allowed peer through', () => {
  let server: Server;
  let io: SocketServer;
  let base: string;
  beforeAll(async () => {
    // Given a server with express-like handler and socket.io, guarded with loopback as "the Supervisor"
    server = createServer((_req, res) => res.end('ok'));
    io = new SocketServer(server, { serveClient: false });
    guardServer(server, ['127.0.0.1', '::ffff:127.0.0.1']);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    io.disconnectSockets(true);
    await new Promise((resolve) => io.close(resolve));
  });

  it('passes HTTP, polling and upgrades from the allowed address to the original handlers', async () => {
    // When the allowed peer connects / Then every kind of request reaches its handler
    expect(await (await fetch(`${base}/x`)).text()).toBe('ok');
    expect((await fetch(pollingUrl(base))).status).toBe(200);
    expect(await upgradeStatus(base)).toBe(101);
  });
});
