import type { Router } from 'express';
import type { CameraArming } from '../core/camera-arming.js';
import type { LogStore } from '../core/log-store.js';
import type { HealthRegistry } from '../health/health-registry.js';
import type { LatencySummary } from '../metrics/latency-summary.js';
import type { ClipRepository } from '../store/clip-repository.js';
import type { CameraStatusTracker } from './camera-status-tracker.js';
import { cameraRoutes } from './routes/camera-routes.js';
import { clipMediaRoutes } from './routes/clip-media-routes.js';
import { clipRoutes } from './routes/clip-routes.js';
import { healthRoutes } from './routes/health-routes.js';
import { logsRoutes } from './routes/logs-routes.js';
import { metricsRoutes, type MetricsSource } from './routes/metrics-routes.js';
import { statsRoutes } from './routes/stats-routes.js';
import type { StorageUsage } from './storage-usage.js';

export interface ApiDeps {
  readonly clips: Pick<ClipRepository, 'getClip' | 'listClips' | 'countClips' | 'listEvents' | 'recordDeletion'>;
  readonly health: HealthRegistry;
  readonly cameras: Pick<CameraStatusTracker, 'list' | 'get'>;
  readonly arming: CameraArming;
  readonly storage: Pick<StorageUsage, 'current' | 'adjust'>;
  readonly mediaDir: string;
  readonly spendThisMonthUsd: () => number;
  readonly monthlyBudgetUsd: number;
  readonly analyzerEnabled: boolean;
  /** Latency p50/p95 over the last day, for /api/stats. */
  readonly latency?: () => Promise<LatencySummary>;
  /** Prometheus metrics for GET /metrics; absent: no such route. */
  readonly metrics?: MetricsSource;
  /** Log records in the database for GET /api/logs; absent: no such route. */
  readonly logs?: Pick<LogStore, 'list'>;
}

/** Every REST router of the dashboard API. */
export function apiRouters(deps: ApiDeps): Router[] {
  return [
    healthRoutes(deps.health),
    clipRoutes({ clips: deps.clips, mediaDir: deps.mediaDir, storage: deps.storage }),
    clipMediaRoutes({ clips: deps.clips, mediaDir: deps.mediaDir }),
    cameraRoutes({ cameras: deps.cameras, arming: deps.arming }),
    statsRoutes({
      clips: deps.clips,
      storage: deps.storage,
      spendThisMonthUsd: deps.spendThisMonthUsd,
      monthlyBudgetUsd: deps.monthlyBudgetUsd,
      analyzerEnabled: deps.analyzerEnabled,
      ...(deps.latency ? { latency: deps.latency } : {}),
    }),
    ...(deps.metrics ? [metricsRoutes(deps.metrics)] : []),
    ...(deps.logs ? [logsRoutes({ logs: deps.logs })] : []),
  ];
}
