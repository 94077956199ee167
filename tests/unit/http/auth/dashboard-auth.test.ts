import { IncomingMessage, type IncomingHttpHeaders } from 'node:http';
import { Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HttpConfigSchema } from '../../../../server/src/config/sections/http-config.js';
import { parseConfigSection } from '../../../../server/src/config/schema.js';
import { DashboardAuth } from '../../../../server/src/http/auth/dashboard-auth.js';
import { createLogger } from '../../../../server/src/logging/logger.js';

/** A real IncomingMessage with this method and these headers (no socket connected: remoteAddress is undefined). */
function request(method: string, headers: IncomingHttpHeaders = {}): IncomingMessage {
  const req = new IncomingMessage(new Socket());
  req.method = method;
  req.headers = headers;
  return req;
}

function authWith(http: Record<string, unknown>): DashboardAuth {
  return new DashboardAuth({ config: parseConfigSection(HttpConfigSchema, http), log: createLogger('silent') });
}

describe('DashboardAuth with a password', () => {
  const auth = authWith({ password: 'correct horse battery', metrics_token: 'scrape-token-123' });
  let cookie = '';
  beforeAll(async () => {
    await auth.start();
    const login = await auth.login(undefined, 'correct horse battery', '10.0.0.5');
    if (!login.ok) throw new Error('the login failed');
    cookie = `homesec_session=${login.token}`;
  });
  afterAll(() => auth.stop());

  it('asks for a session, and takes the one a login gave', () => {
    // Given requests without, with a broken, and with the real session cookie / Then only the real one passes
    expect(auth.checkSession(request('GET'))).toMatchObject({ pass: false, status: 401 });
    expect(auth.checkSession(request('GET', { cookie: 'homesec_session=%' }))).toMatchObject({ pass: false, status: 401 });
    expect(auth.checkSession(request('GET', { cookie: `${cookie}x` }))).toMatchObject({ pass: false, status: 401 });
    expect(auth.checkSession(request('GET', { cookie }))).toEqual({ pass: true });
  });

  it('refuses state-changing requests and sockets from other sites, session or not', () => {
    // Given a forged PUT and a forged socket handshake carrying the session
    const forged = { cookie, host: 'cam.lan:8099', origin: 'http://evil.example' };
    // Then both are refused with 403; a GET from there is left to the session check (it reads nothing cross-site)
    expect(auth.checkOrigin(request('PUT', forged))).toMatchObject({ pass: false, status: 403 });
    expect(auth.checkSocket(request('GET', forged))).toMatchObject({ pass: false, status: 403 });
    expect(auth.checkOrigin(request('GET', forged))).toEqual({ pass: true });
    // And the dashboard's own page passes, with its session
    expect(auth.checkSocket(request('GET', { ...forged, origin: 'http://cam.lan:8099' }))).toEqual({ pass: true });
  });

  it('lets loopback read health and metrics, the token read metrics, and everyone else log in first', () => {
    // Given the probes asked from loopback, from the LAN, and with the metrics token
    expect(auth.checkProbe(request('GET'), 'health', '127.0.0.1')).toEqual({ pass: true });
    expect(auth.checkProbe(request('GET'), 'metrics', '::ffff:127.0.0.1')).toEqual({ pass: true });
    expect(auth.checkProbe(request('GET'), 'health', '192.168.1.20')).toMatchObject({ status: 401 });
    expect(auth.checkProbe(request('GET'), 'health', undefined)).toMatchObject({ status: 401 });
    expect(auth.checkProbe(request('GET', { authorization: 'Bearer scrape-token-123' }), 'metrics', '192.168.1.20')).toEqual({
      pass: true,
    });
    expect(auth.checkProbe(request('GET', { authorization: 'Bearer scrape-token-124' }), 'metrics', '192.168.1.20')).toMatchObject({
      status: 401,
    });
    // The token opens metrics only, and a session opens both
    expect(auth.checkProbe(request('GET', { authorization: 'Bearer scrape-token-123' }), 'health', '192.168.1.20')).toMatchObject({
      status: 401,
    });
    expect(auth.checkProbe(request('GET', { cookie }), 'health', '192.168.1.20')).toEqual({ pass: true });
  });

  it('makes a guesser wait after five wrong passwords, per address', async () => {
    // Given five wrong passwords from one address
    for (let i = 0; i < 5; i++) expect(await auth.login(undefined, `guess ${i}`, '10.0.0.66')).toMatchObject({ ok: false, status: 401 });
    // Then even the right one waits there (429), while another address logs in
    expect(await auth.login(undefined, 'correct horse battery', '10.0.0.66')).toMatchObject({ ok: false, status: 429 });
    expect(await auth.login(undefined, 'correct horse battery', '10.0.0.67')).toMatchObject({ ok: true, user: 'homesec' });
  });
});

describe('DashboardAuth without a password (this machine only)', () => {
  const auth = authWith({});

  it('answers only requests addressed to this machine, needs no session, refuses other sites changing state', () => {
    // Given requests named for this machine and for another name (DNS rebinding)
    expect(auth.checkOrigin(request('GET', { host: 'localhost:8099' }))).toEqual({ pass: true });
    expect(auth.checkOrigin(request('GET', { host: 'evil.example:8099' }))).toMatchObject({ pass: false, status: 421 });
    expect(auth.checkSession(request('GET', { host: 'localhost:8099' }))).toEqual({ pass: true });
    expect(auth.checkOrigin(request('POST', { host: 'localhost:8099', origin: 'http://evil.example' }))).toMatchObject({ status: 403 });
  });
});

describe('http.trusted_proxies', () => {
  it('takes addresses and CIDR ranges, IPv4 and IPv6, and refuses anything else', () => {
    // Given the option's values / Then addresses and ranges parse, names and bad prefixes are refused
    const parse = (value: string) => HttpConfigSchema.safeParse({ trusted_proxies: [value] }).success;
    for (const ok of ['192.168.1.10', '10.0.0.0/8', '172.30.32.0/23', '::1', 'fd00::/8', '::ffff:10.0.0.1', ' 10.0.0.1 '])
      expect(parse(ok), ok).toBe(true);
    for (const bad of ['proxy.lan', '10.0.0.0/33', '::/129', '10.0.0.1/8/8', '10.0.0.0/', '10.0.0.0/-1', '256.0.0.1', '', 'loopback'])
      expect(parse(bad), bad).toBe(false);
    expect(parseConfigSection(HttpConfigSchema, {}).trustedProxies).toEqual([]);
  });
});
