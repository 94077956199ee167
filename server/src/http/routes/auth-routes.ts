import { Router, type Response } from 'express';
import { LoginBodySchema, SESSION_COOKIE, type SessionResponse } from '../auth-contract.js';
import type { DashboardAuth } from '../auth/dashboard-auth.js';
import { EmptyQuerySchema } from '../contract.js';
import { HttpError, parseInput } from '../http-error.js';

/**
 * POST /api/auth/login {username?, password} sets the session cookie; POST /api/auth/logout ends it;
 * GET /api/auth/session says whether a login is needed and who is logged in.
 */
export function authRoutes(auth: DashboardAuth): Router {
  const router = Router();

  router.get('/api/auth/session', (req, res) => {
    parseInput(EmptyQuerySchema, req.query, 'query');
    res.setHeader('Cache-Control', 'no-store');
    res.json(auth.describe(req));
  });

  router.post('/api/auth/login', async (req, res) => {
    parseInput(EmptyQuerySchema, req.query, 'query');
    if (auth.access !== 'login') throw new HttpError(404, 'not_found', 'no login here: this dashboard needs none');
    const { username, password } = parseInput(LoginBodySchema, req.body ?? {}, 'body');
    const outcome = await auth.login(username, password, req.socket.remoteAddress ?? 'unknown');
    if (!outcome.ok) {
      if (outcome.retryAfterS !== undefined) res.setHeader('Retry-After', String(outcome.retryAfterS));
      throw new HttpError(outcome.status, outcome.status === 429 ? 'too_many_attempts' : 'unauthorized', outcome.message);
    }
    setSessionCookie(res, outcome.token, outcome.maxAgeS);
    const body: SessionResponse = { ...auth.describe(req), authenticated: true, user: outcome.user };
    res.json(body);
  });

  router.post('/api/auth/logout', (req, res) => {
    parseInput(EmptyQuerySchema, req.query, 'query');
    auth.logout(req);
    setSessionCookie(res, '', 0);
    res.status(204).end();
  });

  return router;
}

/** HttpOnly (no script reads it), SameSite=Strict (no other site sends it), for the whole dashboard. */
function setSessionCookie(res: Response, token: string, maxAgeS: number): void {
  res.setHeader('Set-Cookie', `${SESSION_COOKIE}=${encodeURIComponent(token)}; Path=/; HttpOnly; SameSite=Strict; Max-Age=${maxAgeS}`);
}
