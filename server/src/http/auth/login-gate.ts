import type { Request, RequestHandler, Response } from 'express';
import type { DashboardAuth, GateVerdict, Probe } from './dashboard-auth.js';

/** The login as express middleware, mounted where the routes are (createHttpApp says where). */
export interface LoginGate {
  /** First in the app: Host and Origin checks for every request, whatever its path. */
  readonly checkOrigin: RequestHandler;
  /**
   * After the open routes (login, the dashboard's files, loopback probes): every request that gets
   * this far needs a session, whatever its path. Nothing is matched by hand: a protected route is
   * reached only through here, so the router's way of matching is the gate's.
   */
  readonly requireSession: RequestHandler;
  /** In front of /api/health and /metrics on their own routes: loopback (or the metrics token), else a session. */
  probe(probe: Probe): RequestHandler;
}

export function loginGate(auth: Pick<DashboardAuth, 'checkOrigin' | 'checkSession' | 'checkProbe'>): LoginGate {
  return {
    checkOrigin: (req, res, next) => answer(auth.checkOrigin(req), res, next),
    requireSession: (req, res, next) => answer(auth.checkSession(req), res, next),
    probe: (probe) => (req: Request, res, next) => answer(auth.checkProbe(req, probe, req.ip), res, next),
  };
}

function answer(verdict: GateVerdict, res: Response, next: () => void): void {
  if (verdict.pass) {
    next();
    return;
  }
  res.setHeader('Cache-Control', 'no-store');
  res.status(verdict.status).json({ error: verdict.code, message: verdict.message });
}
