import { afterEach, describe, expect, it } from 'vitest';
import { createNetworkNamespace, type NetworkNamespace } from '../../support/network-namespace.js';
import { startHomesec, type StartedHomesec } from '../../support/start-homesec.js';

const PASSWORD = 'correct horse battery';
const METRICS_TOKEN = 'scrape-token-123';

interface Answer {
  readonly status: number | null;
  readonly error: string | null;
  readonly cookie: string | null;
}

/**
 * Sends one request from inside the namespace (Node's fetch, as any client on the LAN would) and
 * reports the status, or the connection error when nothing answered.
 */
async function fromOutside(
  ns: NetworkNamespace,
  url: string,
  init: { method?: string; headers?: Record<string, string>; body?: string } = {},
): Promise<Answer> {
  const script = `fetch(${JSON.stringify(url)}, { ...${JSON.stringify(init)}, signal: AbortSignal.timeout(5000) }).then(
    (r) => process.stdout.write(JSON.stringify({ status: r.status, error: null, cookie: r.headers.get('set-cookie') })),
    (e) => process.stdout.write(JSON.stringify({ status: null, error: String(e.cause?.code ?? e.name), cookie: null })))`;
  return JSON.parse(await ns.exec(process.execPath, ['-e', script])) as Answer;
}

describe('the dashboard reached from another machine (a network namespace of its own)', () => {
  let ns: NetworkNamespace | null = null;
  let running: StartedHomesec | null = null;
  afterEach(async () => {
    await running?.close();
    running = null;
    ns?.remove();
    ns = null;
  });

  it('gets no answer at all without credentials: HomeSec listens on loopback only and says so', async () => {
    // Given a LAN peer, and HomeSec told to listen on every address but given no password
    ns = createNetworkNamespace();
    running = await startHomesec({ http: { host: '0.0.0.0', port: 0 } });
    const port = running.app.http.port();
    // When the peer asks for the dashboard and the API
    const peer = ns;
    const answers = await Promise.all(
      ['/', '/api/clips', '/api/health', '/metrics'].map((path) => fromOutside(peer, `http://${peer.hostAddress}:${port}${path}`)),
    );
    // Then nothing answers (the connection is refused), while this machine is served
    for (const answer of answers) expect(answer).toEqual({ status: null, error: 'ECONNREFUSED', cookie: null });
    expect((await fetch(`http://127.0.0.1:${port}/api/clips`)).status).toBe(200);
    // And start-up said why, and health says so
    const said = running.logs.records('http.loopback_only');
    expect(said).toHaveLength(1);
    expect(String(said[0]?.msg)).toContain('set a password to reach the dashboard from other machines');
    expect(running.app.health.report().checks.auth?.message).toBe('no password set: reachable from this machine only');
  });

  it('with a password: 401 without a session, 200 with one; /metrics with the bearer token', async () => {
    // Given a LAN peer, and HomeSec with a password and a metrics token, listening on every address
    ns = createNetworkNamespace();
    running = await startHomesec({ http: { host: '0.0.0.0', port: 0, password: PASSWORD, metrics_token: METRICS_TOKEN } });
    const base = `http://${ns.hostAddress}:${running.app.http.port()}`;
    // When the peer asks for clips without a session, Then 401
    expect((await fromOutside(ns, `${base}/api/clips`)).status).toBe(401);
    expect((await fromOutside(ns, `${base}/socket.io/?EIO=4&transport=polling`)).status).toBe(401);
    // And the login page itself is served
    expect((await fromOutside(ns, `${base}/api/auth/session`)).status).toBe(200);
    // When it logs in with the password (from the dashboard's own page)
    const login = await fromOutside(ns, `${base}/api/auth/login`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Origin: base },
      body: JSON.stringify({ password: PASSWORD }),
    });
    expect(login.status).toBe(200);
    // (HttpOnly, SameSite=Strict, the whole dashboard; not Secure: this request came over plain HTTP)
    const [pair, ...attributes] = (login.cookie ?? '').split('; ');
    expect(pair).toMatch(/^homesec_session=[^;]+$/);
    expect(attributes.sort()).toEqual(['HttpOnly', expect.stringMatching(/^Max-Age=\d+$/), 'Path=/', 'SameSite=Strict']);
    const session = (login.cookie ?? '').split(';')[0] ?? '';
    // Then the same request with the session gets 200
    expect((await fromOutside(ns, `${base}/api/clips`, { headers: { Cookie: session } })).status).toBe(200);
    // And /metrics wants the bearer token from the LAN
    expect((await fromOutside(ns, `${base}/metrics`)).status).toBe(401);
    expect((await fromOutside(ns, `${base}/metrics`, { headers: { Authorization: `Bearer ${METRICS_TOKEN}` } })).status).toBe(200);
    expect((await fromOutside(ns, `${base}/metrics`, { headers: { Authorization: 'Bearer wrong-token-1234' } })).status).toBe(401);
  });
});
