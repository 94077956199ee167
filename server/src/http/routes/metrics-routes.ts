import { Router } from 'express';
import { EmptyQuerySchema } from '../contract.js';
import { parseInput } from '../http-error.js';

export interface MetricsSource {
  scrape(): Promise<{ contentType: string; body: string }>;
}

/**
 * GET /metrics: Prometheus text format. Under `ingress_only` the guard also lets loopback reach it,
 * so a scraper inside the add-on container (or a sidecar sharing its network) can read it.
 */
export function metricsRoutes(metrics: MetricsSource): Router {
  const router = Router();
  router.get('/metrics', async (req, res) => {
    parseInput(EmptyQuerySchema, req.query, 'query');
    const { contentType, body } = await metrics.scrape();
    res.setHeader('Cache-Control', 'no-store');
    res.setHeader('Content-Type', contentType);
    res.send(body);
  });
  return router;
}
