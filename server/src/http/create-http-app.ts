import express, { type ErrorRequestHandler, type Express, type Router } from 'express';
import type { Logger } from '../logging/logger.js';

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
    log.error({ event_type: 'http.error', method: req.method, path: req.path, err: error }, 'request failed');
    if (!res.headersSent) res.status(500).json({ error: 'internal', message: 'the server could not complete the request' });
  };
  app.use(onError);
  return app;
}
