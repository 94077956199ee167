import express, { type ErrorRequestHandler, type Express, type Router } from 'express';
import { InputError } from '../core/errors.js';
import type { Logger } from '../core/logger.js';
import type { LoginGate } from './auth/login-gate.js';
import { HttpError } from './http-error.js';
import { jsonBody } from './json-body.js';

export interface HttpAppRoutes {
  /** Reached without a login: the login itself, the loopback probes (each behind its own guard), the dashboard's files. */
  readonly open: readonly Router[];
  /** Behind the login gate: whatever reaches these needs a session (in login mode). */
  readonly guarded: readonly Router[];
}

export interface HttpAppOptions {
  readonly log: Logger;
  /** The login as middleware; null (the bench): nobody is asked. */
  readonly gate: LoginGate | null;
  /** `http.trusted_proxies`: the peers whose X-Forwarded-For and -Proto express believes (req.ip, req.secure). */
  readonly trustedProxies: readonly string[];
}

/**
 * The express app, in the order a request meets it: the Host and Origin checks, the open routes, the
 * login gate, then the API, one JSON 404 and one error handler. Routing is case-sensitive and strict
 * (exactRouter), so each route has one spelling, and a spelling that reaches no open route meets the gate.
 */
export function createHttpApp(routes: HttpAppRoutes, options: HttpAppOptions): Express {
  const { gate, log } = options;
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', options.trustedProxies.length > 0 ? [...options.trustedProxies] : false);
  app.set('case sensitive routing', true);
  app.set('strict routing', true);
  if (gate) app.use(gate.checkOrigin);
  for (const router of routes.open) app.use(router);
  if (gate) app.use(gate.requireSession);
  app.use(jsonBody);
  for (const router of routes.guarded) app.use(router);
  app.use((_req, res) => {
    res.status(404).json({ error: 'not_found', message: 'no such page or API endpoint' });
  });
  const onError: ErrorRequestHandler = (error: unknown, req, res, _next) => {
    const known = clientError(error);
    if (known) {
      if (!res.headersSent) res.status(known.status).json({ error: known.code, message: known.message });
      return;
    }
    log.error({ event_type: 'http.error', method: req.method, path: req.path, err: error }, 'request failed');
    if (!res.headersSent) res.status(500).json({ error: 'internal', message: 'the server could not complete the request' });
    else res.destroy();
  };
  app.use(onError);
  return app;
}

/** Errors caused by the request itself (bad input, unknown clip, bad JSON body): answered, not logged as failures. */
function clientError(error: unknown): HttpError | null {
  if (error instanceof HttpError) return error;
  if (error instanceof InputError) return new HttpError(400, 'bad_request', error.message);
  // body-parser marks its errors with a status and an `expose` flag.
  const e = error as { status?: unknown; expose?: unknown; type?: unknown; message?: unknown };
  if (typeof e.status === 'number' && e.status >= 400 && e.status < 500 && e.expose === true) {
    const message = e.type === 'entity.parse.failed' ? 'the request body is not valid JSON' : String(e.message);
    return new HttpError(e.status, 'bad_request', message);
  }
  return null;
}
