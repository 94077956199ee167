import express, { type ErrorRequestHandler, type Express, type Router } from 'express';
import { InputError } from '../core/errors.js';
import type { Logger } from '../core/logger.js';
import { HttpError } from './http-error.js';

/** The express app: JSON API routers first, then the dashboard, then one error handler. */
export function createHttpApp(routers: readonly Router[], log: Logger): Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', false);
  app.use(express.json({ limit: '1mb' }));
  for (const router of routers) app.use(router);
  app.use('/api', (_req, res) => {
    res.status(404).json({ error: 'not_found', message: 'no such API endpoint' });
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
