import type { RequestHandler, Router } from 'express';
import { exactRouter } from '../exact-router.js';
import type { HealthRegistry } from '../../health/health-registry.js';
import { redactUrlCredentials } from '../../logging/redact.js';
import { VERSION } from '../../version.js';
import { EmptyQuerySchema, type HealthResponse } from '../contract.js';
import { parseInput } from '../http-error.js';

/**
 * GET /api/health: 200 while healthy or degraded (still recording), 503 when unhealthy. `guard` decides
 * who may ask (loopback without a login, see LoginGate.probe).
 */
export function healthRoutes(health: HealthRegistry, guard: RequestHandler): Router {
  const router = exactRouter();
  router.get('/api/health', guard, (req, res) => {
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
