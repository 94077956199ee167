import type { Part } from '../core/lifecycle.js';
import type { Services } from '../runtime/services.js';
import { apiRouters, type ApiOptions } from './api-routers.js';
import { createHttpApp } from './create-http-app.js';
import { HttpServer } from './http-server.js';
import { DashboardAuth } from './auth/dashboard-auth.js';
import { loginGate } from './auth/login-gate.js';
import { authRoutes } from './routes/auth-routes.js';
import { liveViewRoutes } from './routes/live-view-routes.js';
import { buildReview } from './build-review.js';
import { buildHaCameraRoutes } from './build-ha-cameras.js';
import { buildCameraRegionsRoutes } from './build-camera-regions.js';
import { buildCameraSetupRoutes } from './build-camera-setup.js';
import { buildConfigWriter } from './config-writer.js';
import { SocketGateway } from './socket-gateway.js';
import { motionViewOf } from './motion-watch.js';
import { defaultWebDir, webAssetRoutes } from './web-assets.js';

export interface Dashboard {
  readonly http: HttpServer;
  /** To start in this order: the login (hashes passwords), the socket.io gateway, then the listener (last of the app). */
  readonly parts: readonly Part[];
}

/**
 * The REST API, the built web app, the socket.io gateway and the one HTTP listener they share.
 * `configFile`: the YAML file HomeSec was started with, where a camera added from the dashboard goes outside the add-on.
 */
export function buildDashboard(
  services: Services,
  api: ApiOptions,
  webDir: string = defaultWebDir(),
  configFile: string | null = null,
): Dashboard {
  const { config, bus, log } = services;
  const httpLog = log.child({ component: 'http' });
  const auth = new DashboardAuth({ config: config.http, log: httpLog });
  const gate = loginGate(auth);
  const review = buildReview(services, api);
  const apiRoutes = apiRouters({ ...api, deleteOffsite: config.retention.deleteOffsite }, gate.probe);
  // One writer for every route that changes the config, so their changes take turns.
  const configWriter = buildConfigWriter(configFile, log.child({ component: 'config_writer' }));
  const liveStream = (camera: string) => api.cameraSource?.(camera)?.openStream?.() ?? null;
  const live = liveViewRoutes({ cameras: api.cameras, liveStream, tools: services.tools, log: httpLog });
  const app = createHttpApp(
    {
      open: [authRoutes(auth), ...apiRoutes.probes, webAssetRoutes(webDir)],
      guarded: [
        ...apiRoutes.guarded,
        live,
        buildHaCameraRoutes(services, configWriter),
        buildCameraRegionsRoutes(services, api, configWriter),
        buildCameraSetupRoutes(services, configWriter),
        ...review.routers,
      ],
    },
    { log, gate, trustedProxies: config.http.trustedProxies },
  );
  const http = new HttpServer(config.http, app, httpLog, auth);
  const gateway = new SocketGateway({
    server: http.server,
    bus,
    clips: api.clips,
    events: api.events,
    cameras: api.cameras,
    ingressOnly: config.http.ingressOnly,
    auth,
    motionViews: (camera) => motionViewOf(api.cameraSource?.(camera)),
    log: httpLog,
  });
  return { http, parts: [auth, ...review.parts, gateway, http] };
}
