import { request } from 'node:http';
import { io } from 'socket.io-client';
import { afterEach, describe, expect, it } from 'vitest';
import type { SessionResponse } from '../../../server/src/http/auth-contract.js';
import { hashPassword } from '../../../server/src/http/auth/password-hasher.js';
import { startHomesec, type StartedHomesec } from '../../support/start-homesec.js';

const PASSWORD = 'correct horse battery';

/** POST /api/auth/login as the dashboard page sends it (same origin unless told otherwise). */
function login(url: string, body: Record<string, string>, origin = url) {
  return fetch(`${url}/api/auth/login`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Origin: origin },
    body: JSON.stringify(body),
  });
}

async function sessionCookie(url: string, body: Record<string, string> = { password: PASSWORD }): Promise<string> {
  const response = await login(url, body);
  expect(response.status).toBe(200);
  return (response.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
}

/** Connects socket.io over WebSocket with these headers; resolves 'snapshot' or the connect error. */
function socketOutcome(url: string, headers: Record<string, string>): Promise<string> {
  const socket = io(url, { transports: ['websocket'], extraHeaders: headers, reconnection: false, forceNew: true });
  return new Promise<string>((resolve) => {
    socket.on('snapshot', () => resolve('snapshot'));
    socket.on('connect_error', (e) => resolve(`refused: ${e.message}`));
  }).finally(() => socket.close());
}

/** A GET with a Host header of our choosing (fetch would not send another Host). */
function getWithHost(url: string, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(`${url}/api/clips`, { headers: { Host: host } }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.on('error', reject);
    req.end();
  });
}

describe('the dashboard login', () => {
  let running: StartedHomesec | null = null;
  afterEach(async () => {
    await running?.close();
    running = null;
  });

  it('says a login is needed, takes the password, and ends the session on logout', async () => {
    // Given HomeSec with a password
    running = await startHomesec({ http: { host: '127.0.0.1', port: 0, password: PASSWORD } });
    const { url } = running;
    // When the dashboard asks, Then a login is needed with the password alone
    const before = (await (await fetch(`${url}/api/auth/session`)).json()) as SessionResponse;
    expect(before).toEqual({ authRequired: true, authenticated: false, user: null, passwordOnly: true });
    // When it logs in, Then the session is known and opens the API
    const cookie = await sessionCookie(url);
    const after = (await (await fetch(`${url}/api/auth/session`, { headers: { Cookie: cookie } })).json()) as SessionResponse;
    expect(after).toMatchObject({ authenticated: true, user: 'homesec' });
    expect((await fetch(`${url}/api/clips`, { headers: { Cookie: cookie } })).status).toBe(200);
    // When it logs out, Then the same cookie no longer opens anything
    const out = await fetch(`${url}/api/auth/logout`, { method: 'POST', headers: { Cookie: cookie, Origin: url } });
    expect(out.status).toBe(204);
    expect((await fetch(`${url}/api/clips`, { headers: { Cookie: cookie } })).status).toBe(401);
    // And neither the password nor the session token ever reached the log
    expect(running.logs.text()).not.toContain(PASSWORD);
    expect(running.logs.text()).not.toContain(cookie.split('=')[1] ?? 'no token');
  });

  it('refuses a sixth wrong password from one address for a while, even a right one then (429 with Retry-After)', async () => {
    // Given HomeSec with a password
    running = await startHomesec({ http: { host: '127.0.0.1', port: 0, password: PASSWORD } });
    const { url } = running;
    // When five wrong passwords are tried
    const wrong = [];
    for (let i = 0; i < 5; i++) wrong.push((await login(url, { password: `guess number ${i}` })).status);
    // Then each is a 401, and the next try, even with the right password, is a 429 saying how long to wait
    expect(wrong).toEqual([401, 401, 401, 401, 401]);
    const limited = await login(url, { password: PASSWORD });
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(800);
    expect(running.logs.records('http.login_failed')).toHaveLength(5);
  });

  it('refuses state-changing requests from another site, the login included', async () => {
    // Given HomeSec with a password and a logged-in dashboard
    running = await startHomesec({ http: { host: '127.0.0.1', port: 0, password: PASSWORD } });
    const { url } = running;
    const cookie = await sessionCookie(url);
    // When another site's page posts the login or changes state with the session cookie
    const forgedLogin = await login(url, { password: PASSWORD }, 'http://evil.example');
    const forgedArm = await fetch(`${url}/api/cameras/front_door/armed`, {
      method: 'PUT',
      headers: { Cookie: cookie, Origin: 'http://evil.example', 'Content-Type': 'application/json' },
      body: JSON.stringify({ armed: false }),
    });
    // Then both are refused with 403, while the dashboard's own page may do the same
    expect([forgedLogin.status, forgedArm.status]).toEqual([403, 403]);
    const ownArm = await fetch(`${url}/api/cameras/front_door/armed`, {
      method: 'PUT',
      headers: { Cookie: cookie, Origin: url, 'Content-Type': 'application/json' },
      body: JSON.stringify({ armed: false }),
    });
    expect(ownArm.status).toBe(200);
  });

  it('opens the live socket only with a session, and only to the same origin', async () => {
    // Given HomeSec with a password and a session
    running = await startHomesec({ http: { host: '127.0.0.1', port: 0, password: PASSWORD } });
    const { url } = running;
    const cookie = await sessionCookie(url);
    // When socket.io connects without, with, and with the session from another site's page
    const outcomes = [
      await socketOutcome(url, {}),
      await socketOutcome(url, { Cookie: cookie }),
      await socketOutcome(url, { Cookie: cookie, Origin: 'http://evil.example' }),
    ];
    // Then only the session from the dashboard's own origin gets the live snapshot
    expect(outcomes[0]).toMatch(/^refused/);
    expect(outcomes[1]).toBe('snapshot');
    expect(outcomes[2]).toMatch(/^refused/);
  });

  it('takes users with argon2 hashes and names them', async () => {
    // Given two users, one given as an argon2 hash
    const hashed = await hashPassword('second password');
    running = await startHomesec({
      http: {
        host: '127.0.0.1',
        port: 0,
        users: [
          { username: 'ann', password: 'first password' },
          { username: 'bob', password: hashed },
        ],
      },
    });
    const { url } = running;
    // When each logs in, and someone tries a name that does not exist
    const bob = await login(url, { username: 'bob', password: 'second password' });
    const ann = await login(url, { username: 'ann', password: 'first password' });
    const nobody = await login(url, { username: 'carol', password: 'first password' });
    // Then the users get in under their names and the unknown one does not
    expect(((await bob.json()) as SessionResponse).user).toBe('bob');
    expect(((await ann.json()) as SessionResponse).user).toBe('ann');
    expect(nobody.status).toBe(401);
  });

  it('without a password, answers only requests addressed to this machine (no DNS rebinding) and only same-origin changes', async () => {
    // Given HomeSec without a password (loopback only)
    running = await startHomesec();
    const { url } = running;
    // When a request names another host (a site that rebound its name to 127.0.0.1), or another site posts
    const rebound = await getWithHost(url, 'evil.example:8099');
    const forged = await fetch(`${url}/api/cameras/front_door/armed`, {
      method: 'PUT',
      headers: { Origin: 'http://evil.example', 'Content-Type': 'application/json' },
      body: JSON.stringify({ armed: false }),
    });
    // Then both are refused, and the machine's own requests need no login
    expect(rebound).toBe(421);
    expect(forged.status).toBe(403);
    expect(await getWithHost(url, 'localhost:8099')).toBe(200);
    expect(((await (await fetch(`${url}/api/auth/session`)).json()) as SessionResponse).authRequired).toBe(false);
  });
});
