import { readFile } from 'node:fs/promises';
import type { Router } from 'express';
import { exactRouter } from '../exact-router.js';
import type { CameraDirectory } from '../../cameras/camera-directory.js';
import { ArmedBodySchema, CameraNameParamsSchema, EmptyQuerySchema, type CameraListResponse } from '../contract.js';
import { notFound, parseInput } from '../http-error.js';

export interface CameraRoutesOptions {
  readonly cameras: Pick<CameraDirectory, 'list' | 'get' | 'setArmed'>;
  /** The file a live camera's session keeps its latest frame in (null: the camera has no stream). */
  readonly latestPicture?: (camera: string) => string | null;
}

/**
 * GET /api/cameras (online, last clip, armed), PUT /api/cameras/:name/armed {armed: boolean}, and
 * GET /api/cameras/:name/latest.jpg: a live camera's latest frame (404 for folder and FTP cameras).
 */
export function cameraRoutes(deps: CameraRoutesOptions): Router {
  const router = exactRouter();

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

  router.get('/api/cameras/:name/latest.jpg', async (req, res) => {
    const { name } = parseInput(CameraNameParamsSchema, req.params, 'path');
    parseInput(EmptyQuerySchema, req.query, 'query');
    if (!deps.cameras.get(name)) throw notFound(`no camera named ${name}`);
    const path = deps.latestPicture?.(name) ?? null;
    if (!path) throw notFound(`${name} has no live stream to take a picture from`);
    // Written atomically by the camera's ffmpeg (temporary file, then rename): never half a JPEG.
    const picture = await readFile(path).catch(() => null);
    if (!picture) throw notFound(`no picture from ${name} yet`);
    res.setHeader('Cache-Control', 'no-store');
    res.type('image/jpeg').send(picture);
  });

  return router;
}
