import { stringifySetCookie } from 'cookie';
import type { Request, Response, Router } from 'express';
import { exactRouter } from '../exact-router.js';
import { LoginBodySchema, SESSION_COOKIE, type SessionResponse } from '../auth-contract.js';
import type { DashboardAuth } from '../auth/dashboard-auth.js';
import { EmptyQuerySchema } from '../contract.js';
import { HttpError, parseInput } from '../http-error.js';
import { jsonBody } from '../json-body.js';

/**
 * POST /api/auth/login {username?, password} sets the session cookie; POST /api/auth/logout ends it;
 * GET /api/auth/session says whether a login is needed and who is logged in.
 */
export function authRoutes(auth: DashboardAuth): Router {
  const router = exactRouter();

  router.get('/api/auth/session', (req, res) => {
    parseInput(EmptyQuerySchema, req.query, 'query');
    res.setHeader('Cache-Control', 'no-store');
    res.json(auth.describe(req));
  });

  router.post('/api/auth/login', jsonBody, async (req, res) => {
    parseInput(EmptyQuerySchema, req.query, 'query');
    if (auth.access !== 'login') throw new HttpError(404, 'not_found', 'no login here: this dashboard needs none');
    const { username, password } = parseInput(LoginBodySchema, req.body ?? {}, 'body');
    // req.ip is the client a trusted proxy names (http.trusted_proxies), else the peer itself.
    const outcome = await auth.login(username, password, req.ip ?? req.socket.remoteAddress ?? 'unknown');
    if (!outcome.ok) {
      if (outcome.retryAfterS !== undefined) res.setHeader('Retry-After', String(outcome.retryAfterS));
      throw new HttpError(outcome.status, outcome.status === 429 ? 'too_many_attempts' : 'unauthorized', outcome.message);
    }
    setSessionCookie(req, res, outcome.token, outcome.maxAgeS);
    const body: SessionResponse = { ...auth.describe(req), authenticated: true, user: outcome.user };
    res.json(body);
  });

  router.post('/api/auth/logout', (req, res) => {
    parseInput(EmptyQuerySchema, req.query, 'query');
    auth.logout(req);
    setSessionCookie(req, res, '', 0);
    res.status(204).end();
  });

  return router;
}

/**
 * HttpOnly (no script reads it), SameSite=Strict (no other site sends it), for the whole dashboard;
 * Secure when the request came over HTTPS (req.secure: TLS here, or X-Forwarded-Proto from a trusted proxy).
 */
function setSessionCookie(req: Request, res: Response, token: string, maxAgeS: number): void {
  const cookie = stringifySetCookie(SESSION_COOKIE, token, {
    path: '/',
    httpOnly: true,
    sameSite: 'strict',
    maxAge: maxAgeS,
    secure: req.secure,
  });
  res.setHeader('Set-Cookie', cookie);
}
