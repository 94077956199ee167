import type { Router } from 'express';
import type { CameraConfig } from '../../config/sections/camera-config.js';
import type { Logger } from '../../core/logger.js';
import { restartAfterAnswer, type ConfigWriter } from '../config-writer.js';
import type { HaCameraCatalog } from '../../ha/ha-camera-catalog.js';
import { exactRouter } from '../exact-router.js';
import { EmptyQuerySchema } from '../contract.js';
import { HttpError, parseInput } from '../http-error.js';
import { AddHaCameraBodySchema, HaCameraParamsSchema, type AddHaCameraResponse, type HaCameraListResponse } from '../ha-camera-contract.js';

/** Where an added camera is written: the add-on's options (then the add-on restarts), or the YAML file HomeSec was started with. */
export type HaCameraWriter = ConfigWriter;

export interface HaCameraRoutesOptions {
  /** Null: no Home Assistant to ask (neither the Supervisor nor home_assistant.url). */
  readonly catalog: Pick<HaCameraCatalog, 'list' | 'snapshot'> | null;
  /** The cameras HomeSec was started with. */
  readonly cameras: readonly CameraConfig[];
  /** Null: nowhere to write (embedded defaults, no add-on). */
  readonly writer: HaCameraWriter | null;
  readonly log: Logger;
}

const NO_HA = 'Home Assistant is not reachable: HomeSec runs outside the add-on and home_assistant.url is not set';

/**
 * GET /api/ha/cameras: Home Assistant's cameras, each with the HomeSec camera that has it;
 * GET /api/ha/cameras/:entity/snapshot.jpg: its picture, proxied (Home Assistant's token stays here);
 * POST /api/ha/cameras {entityId, name}: adds it as a HomeSec camera (add-on options, then a restart; or the config file).
 */
export function haCameraRoutes(deps: HaCameraRoutesOptions): Router {
  const router = exactRouter();
  // Cameras added since this start: the running config does not have them until the restart.
  const added = new Map<string, string>();
  const homesecCameraOf = (entityId: string): string | null =>
    deps.cameras.find((c) => c.source === 'home_assistant' && c.entityId === entityId)?.name ?? added.get(entityId) ?? null;

  router.get('/api/ha/cameras', async (req, res) => {
    parseInput(EmptyQuerySchema, req.query, 'query');
    if (!deps.catalog) throw new HttpError(503, 'ha_unavailable', NO_HA);
    const listed = await deps.catalog.list();
    if (!listed.ok) throw new HttpError(503, 'ha_unavailable', listed.error);
    const body: HaCameraListResponse = {
      cameras: listed.value.map((c) => ({ entityId: c.entityId, name: c.name, homesecCamera: homesecCameraOf(c.entityId) })),
      canAdd: deps.writer !== null,
    };
    res.setHeader('Cache-Control', 'no-store');
    res.json(body);
  });

  router.get('/api/ha/cameras/:entity/snapshot.jpg', async (req, res) => {
    const { entity } = parseInput(HaCameraParamsSchema, req.params, 'path');
    parseInput(EmptyQuerySchema, req.query, 'query');
    if (!deps.catalog) throw new HttpError(503, 'ha_unavailable', NO_HA);
    const picture = await deps.catalog.snapshot(entity);
    if (!picture.ok) throw new HttpError(503, 'ha_unavailable', picture.error);
    res.setHeader('Cache-Control', 'no-store');
    res.type(picture.value.contentType).send(picture.value.body);
  });

  router.post('/api/ha/cameras', async (req, res) => {
    parseInput(EmptyQuerySchema, req.query, 'query');
    const { entityId, name } = parseInput(AddHaCameraBodySchema, req.body ?? {}, 'body');
    if (!deps.writer)
      throw new HttpError(409, 'no_config_file', 'HomeSec runs on its built-in defaults: there is no config file to add the camera to');
    if (deps.cameras.some((c) => c.name === name) || [...added.values()].includes(name))
      throw new HttpError(409, 'name_taken', `a camera named ${name} exists already`);
    const existing = homesecCameraOf(entityId);
    if (existing) throw new HttpError(409, 'already_added', `${entityId} is HomeSec's camera ${existing} already`);
    const writer = deps.writer;
    // The add-on's options are flat like a camera in homesec.yaml: the same three keys in both.
    added.set(entityId, name); // held before the write: a second add of it or its name meanwhile is refused
    const appended = await writer.append({ name, source: 'home_assistant', entity_id: entityId });
    if (!appended.ok) {
      added.delete(entityId);
      throw new HttpError(502, 'config_not_written', appended.error);
    }
    deps.log.info({ event_type: 'ha_camera.added', camera: name, entity_id: entityId, to: writer.kind }, 'Home Assistant camera added');
    const body: AddHaCameraResponse =
      writer.kind === 'addon'
        ? { camera: name, restart: 'restarting', message: `${name} is in the add-on options; the add-on restarts to watch it` }
        : { camera: name, restart: 'needed', message: `${name} is in ${writer.path}; restart HomeSec to watch it` };
    // Answer first: the restart stops this process.
    res.status(202).json(body);
    restartAfterAnswer(res, writer, deps.log);
  });

  return router;
}
