import type { Router } from 'express';
import { exactRouter } from '../exact-router.js';
import { maskedConfig } from '../../config/masked-config.js';
import type { HomesecConfig } from '../../config/schema.js';
import { EmptyQuerySchema } from '../contract.js';
import { parseInput } from '../http-error.js';
import type { SettingsResponse } from '../review-contract.js';

/** GET /api/settings: the configuration in effect, in the user's snake_case words, with every secret masked. */
export function settingsRoutes(config: HomesecConfig): Router {
  const router = exactRouter();
  const shown: SettingsResponse = maskedConfig(config);
  router.get('/api/settings', (req, res) => {
    parseInput(EmptyQuerySchema, req.query, 'query');
    res.setHeader('Cache-Control', 'no-store');
    res.json(shown);
  });
  return router;
}
