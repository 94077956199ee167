import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import express, { type Router } from 'express';
import { exactRouter } from './exact-router.js';

/** web/dist beside the server package (server/src or server/dist -> ../../web/dist); HOMESEC_WEB_DIR overrides. */
export function defaultWebDir(env: NodeJS.ProcessEnv = process.env): string {
  return env.HOMESEC_WEB_DIR ?? fileURLToPath(new URL('../../../web/dist', import.meta.url));
}

/**
 * Serves the built dashboard: its files, and index.html at `/` (the app routes with a hash router, so
 * no other path is a page). Anything else falls through to the login gate and the API.
 */
export function webAssetRoutes(webDir: string): Router {
  const router = exactRouter();
  const index = join(webDir, 'index.html');
  if (!existsSync(index)) {
    router.get('/', (_req, res) => {
      res.status(503).type('text').send(`The dashboard is not built (${index} is missing): run \`npm run build\`.`);
    });
    return router;
  }
  router.use(express.static(webDir, { index: false, maxAge: '1h' }));
  router.get('/', (_req, res) => {
    res.setHeader('Cache-Control', 'no-cache');
    res.sendFile(index);
  });
  return router;
}
