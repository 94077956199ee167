import type { Router } from 'express';
import { CameraProber } from '../cameras/setup/camera-prober.js';
import { supervisorHostAddress } from '../ha/supervisor-host-address.js';
import type { Services } from '../runtime/services.js';
import type { ConfigWriter } from './config-writer.js';
import { cameraSetupRoutes } from './routes/camera-setup-routes.js';

/**
 * The add-camera wizard's routes: the prober (ffmpeg, the ONVIF client), and where a new camera is
 * written: the add-on's options through the Supervisor, else the YAML file HomeSec was started with (`configFile`).
 */
export function buildCameraSetupRoutes(services: Services, writer: ConfigWriter | null, env: NodeJS.ProcessEnv = process.env): Router {
  const log = services.log.child({ component: 'camera_setup' });
  const { config } = services;
  return cameraSetupRoutes({
    prober: new CameraProber(services.tools, log),
    cameras: config.cameras,
    writer,
    delivery: { dataDir: config.dataDir, ftp: config.ftp, hostAddress: supervisorHostAddress(log, env) },
    log,
  });
}
