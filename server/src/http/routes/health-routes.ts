import { Router } from 'express';
import type { HealthRegistry } from '../../health/health-registry.js';
import { VERSION } from '../../version.js';

/** GET /api/health: 200 while healthy or degraded (still recording), 503 when unhealthy. */
export function healthRoutes(health: HealthRegistry): Router {
  const router = Router();
  router.get('/api/health', (_req, res) => {
    const report = health.report();
    res.status(report.status === 'unhealthy' ? 503 : 200).json({ ...report, version: VERSION });
  });
  return router;
}
