import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { httpAccess, type HttpAccess, type HttpConfig } from '../../config/sections/http-config.js';
import type { HealthCheck } from '../../core/bus-signals.js';
import type { Part } from '../../core/lifecycle.js';
import type { Logger } from '../../core/logger.js';
import { PASSWORD_USER, SESSION_COOKIE, type SessionResponse } from '../auth-contract.js';
import { isAllowedPeer, LOOPBACK_PEERS } from '../ingress-guard.js';
import { LoginLimiter } from './login-limiter.js';
import { hashPassword, isPasswordHash, verifyPassword } from './password-hasher.js';
import { bearerToken, cookieValue, isLoopbackHost, isSameOrigin, isStateChanging } from './request-checks.js';
import { SessionStore } from './session-store.js';

export interface DashboardAuthOptions {
  readonly config: HttpConfig;
  readonly log: Logger;
  readonly now?: () => number;
}

/** What the gate does with a request: let it through, or answer it with this status. */
export type GateVerdict =
  { readonly pass: true } | { readonly pass: false; readonly status: number; readonly code: string; readonly message: string };

export type LoginOutcome =
  | { readonly ok: true; readonly user: string; readonly token: string; readonly maxAgeS: number }
  | { readonly ok: false; readonly status: 401 | 429; readonly message: string; readonly retryAfterS?: number };

/** What loopback (the machine itself, or a client a trusted proxy names) may read without a login. */
export type Probe = 'health' | 'metrics';

const PASS: GateVerdict = { pass: true };
const LOG_IN_FIRST: GateVerdict = { pass: false, status: 401, code: 'unauthorized', message: 'log in first' };

/**
 * Who may use the dashboard when it is reached directly (http.ingress_only off). Without a password
 * or users it is reachable from this machine only (HttpServer binds loopback) and needs no login, but
 * still refuses other sites' pages (Host and Origin checks against DNS rebinding and forged requests).
 * With them, every API call and the socket need a session from a login: passwords hashed with argon2id,
 * an HttpOnly SameSite=Strict cookie, same-origin checks on state-changing requests, rate-limited logins.
 * /metrics also takes `Authorization: Bearer <http.metrics_token>`; loopback may read it and /api/health.
 * The verdicts here are applied by the express middleware (login-gate.ts) where the routes are, and by
 * HttpServer to WebSocket upgrades and socket.io's own requests.
 */
export class DashboardAuth implements Part {
  readonly name = 'auth';
  readonly access: HttpAccess;
  private readonly users = new Map<string, string>();
  private readonly sessions: SessionStore;
  private readonly limiter: LoginLimiter;
  /** Checked for unknown user names too, so the answer takes as long as for a known one. */
  private decoyHash = '';

  constructor(private readonly options: DashboardAuthOptions) {
    this.access = httpAccess(options.config);
    this.sessions = new SessionStore(options.config.sessionDays * 86_400_000, options.now);
    this.limiter = new LoginLimiter(options.now);
  }

  /** Hashes the passwords given in plain text (once, at start: only hashes are kept in memory). */
  async start(): Promise<void> {
    if (this.access !== 'login') return;
    const { password, users } = this.options.config;
    const given = [...(password ? [{ username: PASSWORD_USER, password }] : []), ...users];
    for (const user of given)
      this.users.set(user.username, isPasswordHash(user.password) ? user.password : await hashPassword(user.password));
    this.decoyHash = await hashPassword(randomBytes(16).toString('hex'));
  }

  stop(): void {
    this.users.clear();
  }

  health(): HealthCheck {
    switch (this.access) {
      case 'ingress':
        return { status: 'healthy', message: 'Home Assistant ingress only' };
      case 'loopback':
        return { status: 'healthy', message: 'no password set: reachable from this machine only' };
      case 'login':
        return { status: 'healthy', message: `login required (${this.users.size} user(s))` };
    }
  }

  /**
   * Checks every request passes, whatever its path: without a login only requests addressed to this
   * machine; state-changing ones (and `browserOnly`: WebSocket and socket.io) only from our own pages.
   */
  checkOrigin(req: IncomingMessage, browserOnly = false): GateVerdict {
    if (this.access === 'ingress') return PASS;
    if (this.access === 'loopback' && !isLoopbackHost(req))
      return refuse(421, 'misdirected', 'this dashboard answers only to localhost; set http.password to reach it from elsewhere');
    if ((isStateChanging(req) || browserOnly) && !isSameOrigin(req, this.access === 'loopback'))
      return refuse(403, 'cross_origin', 'refused: the request came from another site');
    return PASS;
  }

  /** Whether a request may reach what needs a login: always without one (loopback, ingress), else with a session. */
  checkSession(req: IncomingMessage): GateVerdict {
    return this.access !== 'login' || this.sessionOf(req) ? PASS : LOG_IN_FIRST;
  }

  /** The live socket (WebSocket upgrades and socket.io's polling requests): our own pages, with a session. */
  checkSocket(req: IncomingMessage): GateVerdict {
    const origin = this.checkOrigin(req, true);
    return origin.pass ? this.checkSession(req) : origin;
  }

  /**
   * /api/health (GET) and /metrics without a session: from loopback, `client` being the address
   * express worked out (a trusted proxy's X-Forwarded-For, else the peer); /metrics also with its token.
   */
  checkProbe(req: IncomingMessage, probe: Probe, client: string | undefined): GateVerdict {
    if (isAllowedPeer(client, LOOPBACK_PEERS) && (probe === 'metrics' || req.method === 'GET' || req.method === 'HEAD')) return PASS;
    if (probe === 'metrics' && this.hasMetricsToken(req)) return PASS;
    return this.checkSession(req);
  }

  async login(username: string | undefined, password: string, address: string): Promise<LoginOutcome> {
    const waitMs = this.limiter.waitMs(address);
    if (waitMs > 0) {
      const retryAfterS = Math.ceil(waitMs / 1000);
      return { ok: false, status: 429, message: `too many failed logins; try again in ${retryAfterS} s`, retryAfterS };
    }
    const user = username ?? PASSWORD_USER;
    const stored = this.users.get(user);
    const valid = await verifyPassword(stored ?? this.decoyHash, password);
    if (!stored || !valid) {
      this.limiter.failed(address);
      this.options.log.warn({ event_type: 'http.login_failed', user, address }, `failed login for ${user} from ${address}`);
      return { ok: false, status: 401, message: 'wrong user name or password' };
    }
    this.limiter.succeeded(address);
    this.options.log.info({ event_type: 'http.login', user, address }, `${user} logged in from ${address}`);
    return { ok: true, user, ...this.sessions.open(user) };
  }

  logout(req: IncomingMessage): void {
    this.sessions.close(cookieValue(req, SESSION_COOKIE));
  }

  /** The session a request carries, for GET /api/auth/session and the gate. */
  describe(req: IncomingMessage): SessionResponse {
    const passwordOnly = this.options.config.password !== '' && this.options.config.users.length === 0;
    if (this.access !== 'login') return { authRequired: false, authenticated: true, user: null, passwordOnly: false };
    const session = this.sessionOf(req);
    return { authRequired: true, authenticated: session !== null, user: session?.user ?? null, passwordOnly };
  }

  private sessionOf(req: IncomingMessage) {
    return this.sessions.find(cookieValue(req, SESSION_COOKIE));
  }

  private hasMetricsToken(req: IncomingMessage): boolean {
    const expected = this.options.config.metricsToken;
    const given = bearerToken(req);
    if (!expected || !given) return false;
    const a = Buffer.from(given);
    const b = Buffer.from(expected);
    return a.length === b.length && timingSafeEqual(a, b);
  }
}

function refuse(status: number, code: string, message: string): GateVerdict {
  return { pass: false, status, code, message };
}
