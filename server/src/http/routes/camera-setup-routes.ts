import type { Router } from 'express';
import type { CameraProber } from '../../cameras/setup/camera-prober.js';
import { cameraEntry, type SaveCameraRequest } from '../../cameras/setup/camera-entry.js';
import { clipDelivery, type ClipDeliveryContext } from '../../cameras/setup/clip-delivery.js';
import { passwordForms, scrub } from '../../cameras/setup/probe-outcome.js';
import type { CameraConfig } from '../../config/sections/camera-config.js';
import type { Logger } from '../../core/logger.js';
import {
  CameraProbeBodySchema,
  SaveCameraBodySchema,
  type CameraProbeResponse,
  type CameraSetupInfo,
  type SaveCameraResponse,
} from '../camera-setup-contract.js';
import { restartAfterAnswer, type ConfigWriter } from '../config-writer.js';
import { EmptyQuerySchema } from '../contract.js';
import { exactRouter } from '../exact-router.js';
import { HttpError, parseInput } from '../http-error.js';

export interface CameraSetupRoutesOptions {
  readonly prober: Pick<CameraProber, 'probe'>;
  /** The cameras HomeSec was started with. */
  readonly cameras: readonly CameraConfig[];
  /** Null: nowhere to write (embedded defaults, no add-on). */
  readonly writer: ConfigWriter | null;
  /** Where FTP and folder cameras' clips go (all but where the camera is saved, which the writer says). */
  readonly delivery: Omit<ClipDeliveryContext, 'saveTo'>;
  readonly log: Logger;
}

const NO_WRITER =
  'HomeSec runs on its built-in defaults, so there is no config file to save the camera to: start HomeSec with --config homesec.yaml';

/**
 * The add-camera wizard (issue #24 point 1):
 * GET /api/camera-setup: whether and where a camera can be saved, and the names taken;
 * POST /api/camera-setup/probe {host, username, password, onvifPort, rtspPort}: the camera's streams (ONVIF, then brand paths);
 * POST /api/camera-setup/cameras: saves an RTSP, FTP or folder camera (add-on options then a restart, or the YAML file).
 * The password comes in with a probe or a save and goes out only into the config; answers and logs never carry it.
 */
export function cameraSetupRoutes(deps: CameraSetupRoutesOptions): Router {
  const router = exactRouter();
  // Cameras saved since this start: the running config does not have them until the restart.
  const added = new Set<string>();
  const names = () => [...new Set([...deps.cameras.map((c) => c.name), ...added])];

  router.get('/api/camera-setup', (req, res) => {
    parseInput(EmptyQuerySchema, req.query, 'query');
    const body: CameraSetupInfo = { saveTo: deps.writer?.kind ?? null, cameraNames: names() };
    res.setHeader('Cache-Control', 'no-store');
    res.json(body);
  });

  router.post('/api/camera-setup/probe', async (req, res) => {
    parseInput(EmptyQuerySchema, req.query, 'query');
    const request = parseInput(CameraProbeBodySchema, req.body ?? {}, 'body');
    // The browser leaving (the user closing the wizard) ends the ffprobe runs still going.
    const gone = new AbortController();
    res.once('close', () => gone.abort());
    const body: CameraProbeResponse = await deps.prober.probe(request, gone.signal);
    res.setHeader('Cache-Control', 'no-store');
    res.json(body);
  });

  router.post('/api/camera-setup/cameras', async (req, res) => {
    parseInput(EmptyQuerySchema, req.query, 'query');
    const request = parseInput(SaveCameraBodySchema, req.body ?? {}, 'body');
    if (!deps.writer) throw new HttpError(409, 'no_config_file', NO_WRITER);
    if (names().includes(request.name)) throw new HttpError(409, 'name_taken', `a camera named ${request.name} exists already`);
    const writer = deps.writer;
    added.add(request.name); // held before the write: a second save under this name meanwhile is refused
    const appended = await writer.append(cameraEntry(request));
    if (!appended.ok) {
      added.delete(request.name);
      // The Supervisor's refusal may quote the options it was sent, the camera's URL with its login among them.
      throw new HttpError(502, 'config_not_written', scrub(appended.error, secretsOf(request)));
    }
    deps.log.info(
      { event_type: 'camera_setup.saved', camera: request.name, source: request.source, to: writer.kind },
      `camera ${request.name} saved`,
    );
    const delivery =
      request.source === 'rtsp'
        ? null
        : await clipDelivery({ name: request.name, source: request.source }, { ...deps.delivery, saveTo: writer.kind });
    const body: SaveCameraResponse =
      writer.kind === 'addon'
        ? {
            camera: request.name,
            restart: 'restarting',
            message: `${request.name} is in the add-on options; the add-on restarts to watch it`,
            delivery,
          }
        : {
            camera: request.name,
            restart: 'needed',
            message: `${request.name} is in ${writer.path}; restart HomeSec to watch it`,
            delivery,
          };
    // Answer first: the restart stops this process.
    res.status(202).json(body);
    restartAfterAnswer(res, writer, deps.log);
  });

  return router;
}

function secretsOf(request: SaveCameraRequest): string[] {
  return passwordForms(request.source === 'folder' ? '' : request.password);
}
