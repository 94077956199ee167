import { Router } from 'express';
import type { CameraArming } from '../../core/camera-arming.js';
import type { CameraStatusTracker } from '../camera-status-tracker.js';
import { ArmedBodySchema, CameraNameParamsSchema, EmptyQuerySchema, type CameraListResponse } from '../contract.js';
import { notFound, parseInput } from '../http-error.js';

export interface CameraRoutesDeps {
  readonly cameras: Pick<CameraStatusTracker, 'list' | 'get'>;
  readonly arming: CameraArming;
}

/** GET /api/cameras (online, last clip, armed) and PUT /api/cameras/:name/armed {armed: boolean}. */
export function cameraRoutes(deps: CameraRoutesDeps): Router {
  const router = Router();

  router.get('/api/cameras', (req, res) => {
    parseInput(EmptyQuerySchema, req.query, 'query');
    const body: CameraListResponse = { cameras: deps.cameras.list() };
    res.setHeader('Cache-Control', 'no-store');
    res.json(body);
  });

  router.put('/api/cameras/:name/armed', (req, res) => {
    const { name } = parseInput(CameraNameParamsSchema, req.params, 'path');
    parseInput(EmptyQuerySchema, req.query, 'query');
    if (!deps.cameras.get(name)) throw notFound(`no camera named ${name}`);
    const { armed } = parseInput(ArmedBodySchema, req.body ?? {}, 'body');
    deps.arming.setArmed(name, armed);
    res.json(deps.cameras.get(name));
  });

  return router;
}
