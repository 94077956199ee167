import { afterEach, describe, expect, it } from 'vitest';
import { startHomesec, type StartedHomesec } from '../../support/start-homesec.js';

const PASSWORD = 'correct horse battery';

/** POST /api/auth/login from the dashboard's page, as a reverse proxy on this machine forwards it. */
function login(url: string, password: string, forwarded: Record<string, string> = {}) {
  return fetch(`${url}/api/auth/login`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Origin: url, ...forwarded },
    body: JSON.stringify({ password }),
  });
}

async function wrongPasswords(url: string, count: number, forwardedFor: string): Promise<number[]> {
  const statuses: number[] = [];
  for (let i = 0; i < count; i++) statuses.push((await login(url, `guess number ${i}`, { 'X-Forwarded-For': forwardedFor })).status);
  return statuses;
}

describe('a reverse proxy in front of the dashboard (http.trusted_proxies)', () => {
  let running: StartedHomesec | null = null;
  afterEach(async () => {
    await running?.close();
    running = null;
  });

  it('behind a trusted proxy: limits logins per forwarded client, marks the cookie Secure over HTTPS, asks the real client for probes', async () => {
    // Given HomeSec with a password, trusting the proxy on this machine (the test client stands in for it)
    running = await startHomesec({ http: { host: '127.0.0.1', port: 0, password: PASSWORD, trusted_proxies: ['127.0.0.1', '::1'] } });
    const { url } = running;
    // When one client behind the proxy guesses five times
    expect(await wrongPasswords(url, 5, '203.0.113.7')).toEqual([401, 401, 401, 401, 401]);
    // Then that client waits, while another client behind the same proxy still logs in
    expect((await login(url, PASSWORD, { 'X-Forwarded-For': '203.0.113.7' })).status).toBe(429);
    const other = await login(url, PASSWORD, { 'X-Forwarded-For': '203.0.113.8', 'X-Forwarded-Proto': 'https' });
    expect(other.status).toBe(200);
    // And the cookie is Secure when the proxy says the request came over HTTPS, and not otherwise
    expect(other.headers.get('set-cookie')?.split('; ')).toContain('Secure');
    const plain = await login(url, PASSWORD, { 'X-Forwarded-For': '203.0.113.9', 'X-Forwarded-Proto': 'http' });
    expect(plain.headers.get('set-cookie')?.split('; ')).not.toContain('Secure');
    // And a client on the LAN reaching health through the proxy is no loopback probe: it must log in
    expect((await fetch(`${url}/api/health`, { headers: { 'X-Forwarded-For': '192.168.1.50' } })).status).toBe(401);
    expect((await fetch(`${url}/api/health`)).status).toBe(200);
  });

  it('without one: X-Forwarded-* is not believed (the peer is the client, the cookie is not Secure)', async () => {
    // Given HomeSec with a password and no trusted proxies
    running = await startHomesec({ http: { host: '127.0.0.1', port: 0, password: PASSWORD } });
    const { url } = running;
    // When a client claims HTTPS and a LAN address
    const https = await login(url, PASSWORD, { 'X-Forwarded-Proto': 'https', 'X-Forwarded-For': '192.168.1.50' });
    // Then the cookie is not Secure (this connection is plain HTTP), and loopback stays a loopback probe
    expect(https.status).toBe(200);
    expect(https.headers.get('set-cookie')?.split('; ')).not.toContain('Secure');
    expect((await fetch(`${url}/api/health`, { headers: { 'X-Forwarded-For': '192.168.1.50' } })).status).toBe(200);
    // When it guesses five times under one name
    expect(await wrongPasswords(url, 5, '203.0.113.7')).toEqual([401, 401, 401, 401, 401]);
    // Then the limit counts the connection's own address: another name changes nothing
    expect((await login(url, PASSWORD, { 'X-Forwarded-For': '198.51.100.1' })).status).toBe(429);
  });
});
