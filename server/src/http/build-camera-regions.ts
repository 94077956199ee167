import type { Router } from 'express';
import type { Services } from '../runtime/services.js';
import type { ApiOptions } from './api-routers.js';
import type { ConfigWriter } from './config-writer.js';
import { cameraRegionsRoutes } from './routes/camera-regions-routes.js';

/**
 * The zone editor's routes: the cameras and zones HomeSec was started with, their latest pictures,
 * and where a save goes (the add-on's options through the Supervisor, else `configFile`).
 */
export function buildCameraRegionsRoutes(services: Services, api: Pick<ApiOptions, 'cameraSource'>, writer: ConfigWriter | null): Router {
  const { config } = services;
  const log = services.log.child({ component: 'camera_regions' });
  return cameraRegionsRoutes({
    cameras: config.cameras,
    zones: config.zones,
    labels: config.detector.labels,
    requiredZones: (camera) => config.alerts.overrides.filter((o) => o.camera === camera).flatMap((o) => o.requireZones ?? []),
    writer,
    picturePath: (camera) => api.cameraSource?.(camera)?.picturePath ?? null,
    log,
  });
}
