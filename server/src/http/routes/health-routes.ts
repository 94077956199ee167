import { Router } from 'express';
import type { HealthRegistry } from '../../health/health-registry.js';
import { redactUrlCredentials } from '../../logging/redact.js';
import { VERSION } from '../../version.js';
import { EmptyQuerySchema, type HealthResponse } from '../contract.js';
import { parseInput } from '../http-error.js';

/** GET /api/health: 200 while healthy or degraded (still recording), 503 when unhealthy. */
export function healthRoutes(health: HealthRegistry): Router {
  const router = Router();
  router.get('/api/health', (req, res) => {
    parseInput(EmptyQuerySchema, req.query, 'query');
    const report = health.report();
    const checks = Object.fromEntries(
      Object.entries(report.checks).map(([name, check]) => [name, { ...check, message: redactUrlCredentials(check.message) }]),
    );
    const body: HealthResponse = { status: report.status, checks, version: VERSION };
    res.setHeader('Cache-Control', 'no-store');
    res.status(report.status === 'unhealthy' ? 503 : 200).json(body);
  });
  return router;
}
