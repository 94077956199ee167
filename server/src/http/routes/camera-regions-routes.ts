import { access } from 'node:fs/promises';
import type { Router } from 'express';
import type { CameraRegions } from '../../config/camera-regions.js';
import { isLiveCamera, type CameraConfig } from '../../config/sections/camera-config.js';
import type { ZoneConfig } from '../../config/sections/zones-config.js';
import type { Logger } from '../../core/logger.js';
import { CameraRegionsBodySchema, type CameraRegionsResponse, type SaveCameraRegionsResponse } from '../camera-regions-contract.js';
import { restartAfterAnswer, type ConfigWriter } from '../config-writer.js';
import { CameraNameParamsSchema, EmptyQuerySchema } from '../contract.js';
import { exactRouter } from '../exact-router.js';
import { HttpError, notFound, parseInput } from '../http-error.js';

export interface CameraRegionsRoutesOptions {
  /** The cameras and zones HomeSec was started with. */
  readonly cameras: readonly CameraConfig[];
  readonly zones: readonly ZoneConfig[];
  /** The detector's labels (detector.labels): what a zone may count. */
  readonly labels: readonly string[];
  /** The zones alerts.overrides[].require_zones names on a camera: a save must keep them, or the config would not load. */
  readonly requiredZones: (camera: string) => readonly string[];
  /** Null: nowhere to write (embedded defaults, no add-on). */
  readonly writer: ConfigWriter | null;
  /** The file a live camera's session keeps its latest frame in (null: none). */
  readonly picturePath: (camera: string) => string | null;
  readonly log: Logger;
}

/** A parsed polygon back into the config's text: "x1,y1,x2,y2,...". */
const polygonText = (points: readonly (readonly number[])[]): string => points.map(([x, y]) => `${x},${y}`).join(',');

/**
 * GET /api/cameras/:name/regions: the camera's motion mask polygons and zones, the labels a zone can
 * count and where a save goes; PUT the same path {maskPolygons, zones} replaces them (add-on options,
 * then a restart; or the YAML file HomeSec was started with, then the user restarts it).
 */
export function cameraRegionsRoutes(deps: CameraRegionsRoutesOptions): Router {
  const router = exactRouter();
  // Saved since this start: the running config has them only after the restart, the editor shows them now.
  const saved = new Map<string, CameraRegions>();

  const cameraOf = (name: string): CameraConfig => {
    const camera = deps.cameras.find((c) => c.name === name);
    if (!camera) throw notFound(`no camera named ${name}`);
    return camera;
  };
  const regionsOf = (camera: CameraConfig): CameraRegions =>
    saved.get(camera.name) ?? {
      maskPolygons: isLiveCamera(camera) ? camera.motion.maskPolygons.map(polygonText) : [],
      zones: deps.zones
        .filter((z) => z.camera === camera.name)
        .map((z) => ({ name: z.name, points: polygonText(z.points), labels: z.labels })),
    };

  router.get('/api/cameras/:name/regions', async (req, res) => {
    const { name } = parseInput(CameraNameParamsSchema, req.params, 'path');
    parseInput(EmptyQuerySchema, req.query, 'query');
    const camera = cameraOf(name);
    const regions = regionsOf(camera);
    const path = deps.picturePath(name);
    const picture =
      path !== null &&
      (await access(path).then(
        () => true,
        () => false,
      ));
    const body: CameraRegionsResponse = {
      camera: name,
      maskPolygons: [...regions.maskPolygons],
      zones: regions.zones.map((z) => ({ ...z, labels: [...z.labels] })),
      labels: [...deps.labels],
      saveTo: deps.writer?.kind ?? null,
      picture,
    };
    res.setHeader('Cache-Control', 'no-store');
    res.json(body);
  });

  router.put('/api/cameras/:name/regions', async (req, res) => {
    const { name } = parseInput(CameraNameParamsSchema, req.params, 'path');
    parseInput(EmptyQuerySchema, req.query, 'query');
    const camera = cameraOf(name);
    const regions = parseInput(CameraRegionsBodySchema, req.body ?? {}, 'body');
    if (!isLiveCamera(camera) && regions.maskPolygons.length > 0)
      throw new HttpError(
        400,
        'bad_request',
        `maskPolygons: ${name} has no motion detection (a ${camera.source} camera): it takes zones only`,
      );
    const missing = deps.requiredZones(name).filter((zone) => !regions.zones.some((z) => z.name === zone));
    if (missing.length > 0)
      throw new HttpError(
        400,
        'bad_request',
        `zones: alerts.overrides require ${missing.join(', ')} on ${name}: keep ${missing.length === 1 ? 'it' : 'them'}, or change the override first`,
      );
    if (!deps.writer)
      throw new HttpError(409, 'no_config_file', 'HomeSec runs on its built-in defaults: there is no config file to save the zones to');
    // Saves that overlap (two tabs, or the wizard adding a camera) take turns in the writer.
    const writer = deps.writer;
    const written = await writer.setRegions(name, regions);
    if (!written.ok) throw new HttpError(502, 'config_not_written', written.error);
    saved.set(name, regions);
    deps.log.info(
      {
        event_type: 'camera.regions_saved',
        camera: name,
        masks: regions.maskPolygons.length,
        zones: regions.zones.length,
        to: writer.kind,
      },
      'zones and masks saved',
    );
    const body: SaveCameraRegionsResponse =
      writer.kind === 'addon'
        ? { restart: 'restarting', message: `Saved ${name}'s zones and masks in the add-on options; the add-on restarts to apply them` }
        : { restart: 'needed', message: `Saved ${name}'s zones and masks in ${writer.path}; restart HomeSec to apply them` };
    // Answer first: the restart stops this process.
    res.json(body);
    restartAfterAnswer(res, writer, deps.log);
  });

  return router;
}
