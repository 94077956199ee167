import { createServer } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { startHomesec, type StartedHomesec } from '../../support/start-homesec.js';

/** A port nothing listens on: bound, then released. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (typeof address !== 'object' || address === null) throw new Error('no port');
  return address.port;
}

describe('GET /api/health', () => {
  let running: StartedHomesec | null = null;
  afterEach(async () => {
    await running?.close();
    running = null;
  });

  it('is healthy on SQLite and reports every check with the version', async () => {
    // Given HomeSec on its embedded SQLite store
    running = await startHomesec();
    // When health is asked for
    const response = await fetch(`${running.url}/api/health`);
    const body = (await response.json()) as { status: string; checks: Record<string, { status: string }>; version: string };
    // Then it is healthy, names its checks and its version
    expect(response.status).toBe(200);
    expect(body.status).toBe('healthy');
    expect(body.checks.store?.status).toBe('healthy');
    expect(body.checks.media?.status).toBe('healthy');
    expect(body.version).toMatch(/^\d+\.\d+\.\d+/);
  });

  it('starts with an unreachable Postgres and reports degraded with the reason, without the password', async () => {
    // Given a database_url pointing at a closed port
    const port = await closedPort();
    running = await startHomesec({ database_url: `postgres://homesec:topsecret@127.0.0.1:${port}/homesec` });
    // When health is asked for
    const response = await fetch(`${running.url}/api/health`);
    const text = await response.text();
    const body = JSON.parse(text) as { status: string; checks: Record<string, { status: string; message: string }> };
    // Then the service is up, degraded, and says why
    expect(response.status).toBe(200);
    expect(body.status).toBe('degraded');
    expect(body.checks.store?.status).toBe('degraded');
    expect(body.checks.store?.message).toMatch(/ECONNREFUSED|connect/);
    expect(text).not.toContain('topsecret');
    expect(running.logs.text()).not.toContain('topsecret');
  });
});
