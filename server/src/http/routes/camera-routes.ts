import { Router } from 'express';
import type { CameraDirectory } from '../../cameras/camera-directory.js';
import { ArmedBodySchema, CameraNameParamsSchema, EmptyQuerySchema, type CameraListResponse } from '../contract.js';
import { notFound, parseInput } from '../http-error.js';

export interface CameraRoutesOptions {
  readonly cameras: Pick<CameraDirectory, 'list' | 'get' | 'setArmed'>;
}

/** GET /api/cameras (online, last clip, armed) and PUT /api/cameras/:name/armed {armed: boolean}. */
export function cameraRoutes(deps: CameraRoutesOptions): Router {
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
    deps.cameras.setArmed(name, armed);
    res.json(deps.cameras.get(name));
  });

  return router;
}
