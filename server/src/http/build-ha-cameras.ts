import type { Router } from 'express';
import { HaCameraCatalog } from '../ha/ha-camera-catalog.js';
import type { Services } from '../runtime/services.js';
import { coreStreamTarget } from '../sources/home-assistant/core-stream-target.js';
import type { ConfigWriter } from './config-writer.js';
import { haCameraRoutes } from './routes/ha-camera-routes.js';

/**
 * The routes that add a Home Assistant camera from the dashboard: Core as the camera sources reach it
 * (the Supervisor's proxy, or home_assistant.url), and where a new camera is written: the add-on's
 * options through the Supervisor, else the YAML file HomeSec was started with (`configFile`).
 */
export function buildHaCameraRoutes(services: Services, writer: ConfigWriter | null, env: NodeJS.ProcessEnv = process.env): Router {
  const log = services.log.child({ component: 'ha_cameras' });
  const target = coreStreamTarget(services.config.homeAssistant, env);
  const catalog = target ? new HaCameraCatalog({ httpBase: target.httpBase, token: target.websocket.token }) : null;
  return haCameraRoutes({ catalog, cameras: services.config.cameras, writer, log });
}
