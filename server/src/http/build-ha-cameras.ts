import type { Router } from 'express';
import { err, ok } from '../core/result.js';
import { appendCameraToYamlFile } from '../config/yaml-camera-append.js';
import { appendCameraToAddonOptions } from '../ha/addon-camera-options.js';
import { HaCameraCatalog } from '../ha/ha-camera-catalog.js';
import { SupervisorClient } from '../ha/supervisor-client.js';
import type { Services } from '../runtime/services.js';
import { coreStreamTarget } from '../sources/home-assistant/core-stream-target.js';
import { haCameraRoutes, type HaCameraWriter } from './routes/ha-camera-routes.js';

/**
 * The routes that add a Home Assistant camera from the dashboard: Core as the camera sources reach it
 * (the Supervisor's proxy, or home_assistant.url), and where a new camera is written: the add-on's
 * options through the Supervisor, else the YAML file HomeSec was started with (`configFile`).
 */
export function buildHaCameraRoutes(services: Services, configFile: string | null, env: NodeJS.ProcessEnv = process.env): Router {
  const log = services.log.child({ component: 'ha_cameras' });
  const target = coreStreamTarget(services.config.homeAssistant, env);
  const catalog = target ? new HaCameraCatalog({ httpBase: target.httpBase, token: target.websocket.token }) : null;
  const supervisor = SupervisorClient.fromEnv(env, log);
  const writer: HaCameraWriter | null = supervisor
    ? {
        kind: 'addon',
        append: (camera) => appendCameraToAddonOptions(supervisor, camera),
        restart: async () => {
          const restarted = await supervisor.restartAddon();
          return restarted.ok ? ok(undefined) : err(restarted.error.message);
        },
      }
    : configFile
      ? { kind: 'file', path: configFile, append: (camera) => appendCameraToYamlFile(configFile, camera) }
      : null;
  return haCameraRoutes({ catalog, cameras: services.config.cameras, writer, log });
}
