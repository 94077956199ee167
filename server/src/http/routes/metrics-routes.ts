import type { RequestHandler, Router } from 'express';
import { exactRouter } from '../exact-router.js';
import { EmptyQuerySchema } from '../contract.js';
import { parseInput } from '../http-error.js';

export interface MetricsSource {
  scrape(): Promise<{ contentType: string; body: string }>;
}

/**
 * GET /metrics: Prometheus text format. Under `ingress_only` the guard also lets loopback reach it,
 * so a scraper inside the add-on container (or a sidecar sharing its network) can read it. `guard` decides
 * who may read it directly (loopback or the metrics token without a login, see LoginGate.probe).
 */
export function metricsRoutes(metrics: MetricsSource, guard: RequestHandler): Router {
  const router = exactRouter();
  router.get('/metrics', guard, async (req, res) => {
    parseInput(EmptyQuerySchema, req.query, 'query');
    const { contentType, body } = await metrics.scrape();
    res.setHeader('Cache-Control', 'no-store');
    res.setHeader('Content-Type', contentType);
    res.send(body);
  });
  return router;
}
