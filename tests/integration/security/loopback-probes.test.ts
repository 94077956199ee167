import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HealthResponseSchema } from '../../../server/src/http/contract.js';
import { startHomesec, type StartedHomesec } from '../../support/start-homesec.js';
import { parsePrometheusText } from '../metrics/prometheus-text.js';

const FORBIDDEN = 'HomeSec accepts connections only through Home Assistant ingress.\n';

/** Sends a WebSocket upgrade to `path` and resolves with the status the server answered. */
function upgradeStatus(url: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(url, {
      headers: {
        Connection: 'Upgrade',
        Upgrade: 'websocket',
        'Sec-WebSocket-Key': 'dGhlIHNhbXBsZSBub25jZQ==',
        'Sec-WebSocket-Version': '13',
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

/**
 * In the add-on only the Supervisor's ingress proxy may talk to HomeSec. The container's own loopback
 * (Docker HEALTHCHECK, a local Prometheus scraper) may read health and metrics, and nothing else.
 */
describe('ingress_only: loopback may read /api/health and /metrics only', () => {
  let running: StartedHomesec;
  beforeAll(async () => {
    // Given HomeSec behind the ingress guard, reached from 127.0.0.1
    running = await startHomesec({ http: { host: '127.0.0.1', port: 0, ingress_only: true } });
  });
  afterAll(async () => running?.close());

  it('answers GET /api/health and GET /metrics from loopback', async () => {
    // When the HEALTHCHECK and a scraper ask
    const health = await fetch(`${running.url}/api/health`);
    const metrics = await fetch(`${running.url}/metrics`);
    // Then both get real answers
    expect(health.status).toBe(200);
    expect(HealthResponseSchema.parse(await health.json()).status).not.toBe('unhealthy');
    expect(metrics.status).toBe(200);
    expect(parsePrometheusText(await metrics.text()).value('homesec_queue_depth')).toBe(0);
  });

  it('refuses everything else from loopback: other paths, other methods, look-alike paths, WebSocket', async () => {
    // When loopback asks for clips, stats, the dashboard, or health/metrics by another method or path
    const attempts: [string, RequestInit][] = [
      ['/api/clips', {}],
      ['/api/stats', {}],
      ['/api/cameras', {}],
      ['/', {}],
      ['/metrics', { method: 'POST', body: '{}' }],
      ['/api/health', { method: 'DELETE' }],
      ['/metrics/', {}],
      ['/api/health/../clips', {}],
      ['/api/healthz', {}],
    ];
    // Then each is 403 with the guard's sentence
    for (const [path, init] of attempts) {
      const response = await fetch(`${running.url}${path}`, init);
      expect(response.status, `${init.method ?? 'GET'} ${path}`).toBe(403);
      expect(await response.text()).toBe(FORBIDDEN);
    }
    // And a WebSocket upgrade on the health path is refused too
    expect(await upgradeStatus(`${running.url}/api/health`)).toBe(403);
  });
});
