import type { RequestHandler, Router } from 'express';
import type { CameraDirectory } from '../cameras/camera-directory.js';
import type { ClipSource } from '../core/clip-source.js';
import type { LogStore } from '../core/log-store.js';
import type { HealthRegistry } from '../health/health-registry.js';
import type { MediaStore } from '../media/media-store.js';
import type { LatencySummary } from '../metrics/latency-summary.js';
import type { ClipRepository } from '../store/clip-repository.js';
import type { CameraEventRepository } from '../store/camera-event-repository.js';
import type { Probe } from './auth/dashboard-auth.js';
import { cameraRoutes } from './routes/camera-routes.js';
import { clipMediaRoutes } from './routes/clip-media-routes.js';
import { clipRoutes } from './routes/clip-routes.js';
import { eventRoutes } from './routes/event-routes.js';
import { healthRoutes } from './routes/health-routes.js';
import { logsRoutes } from './routes/logs-routes.js';
import { deadLetterRoutes, type DeadLetterRoutesOptions } from './routes/dead-letter-routes.js';
import { metricsRoutes, type MetricsSource } from './routes/metrics-routes.js';
import { statsRoutes } from './routes/stats-routes.js';

export interface ApiOptions {
  readonly clips: Pick<ClipRepository, 'getClip' | 'listClips' | 'countClips' | 'listClipEvents' | 'recordDeletion'>;
  readonly events: Pick<CameraEventRepository, 'get' | 'list' | 'count' | 'change' | 'markAllReviewed'>;
  readonly health: HealthRegistry;
  readonly cameras: Pick<CameraDirectory, 'list' | 'get' | 'setArmed' | 'subscribe'>;
  readonly media: Pick<MediaStore, 'find' | 'deleteClip' | 'usage' | 'renditions'>;
  readonly spendThisMonthUsd: () => number;
  readonly monthlyBudgetUsd: number;
  readonly analyzerEnabled: boolean;
  /** Latency p50/p95 over the last day, for /api/stats. */
  readonly latency: () => Promise<LatencySummary>;
  /** Prometheus metrics for GET /metrics. */
  readonly metrics: MetricsSource;
  /** Log records in the database for GET /api/logs; null (logs.enabled: false): no such route. */
  readonly logs: Pick<LogStore, 'list'> | null;
  /** Writes the clip store refused for good, for GET /api/dead-letters and their retry. */
  readonly deadLetters?: DeadLetterRoutesOptions['deadLetters'];
  /**
   * A camera's source: a live camera's latest frame file (GET /api/cameras/:name/latest.jpg) and its relayed
   * stream (GET /api/cameras/:name/live.mp4); folder and FTP cameras have neither.
   */
  readonly cameraSource?: (camera: string) => Pick<ClipSource, 'picturePath' | 'openStream' | 'watchMotion'> | null;
  /** `retention.delete_offsite`: the dashboard's delete removes the off-site copy too. */
  readonly deleteOffsite?: boolean;
}

export interface ApiRouters {
  /** /api/health and /metrics, each behind `probeGuard` (loopback may read them without a login). */
  readonly probes: readonly Router[];
  /** Everything else: behind the login gate. */
  readonly guarded: readonly Router[];
}

/** Every REST router of the dashboard API. */
export function apiRouters(options: ApiOptions, probeGuard: (probe: Probe) => RequestHandler): ApiRouters {
  return {
    probes: [healthRoutes(options.health, probeGuard('health')), metricsRoutes(options.metrics, probeGuard('metrics'))],
    guarded: [
      clipRoutes({ clips: options.clips, media: options.media, deleteOffsite: options.deleteOffsite ?? true }),
      clipMediaRoutes({ clips: options.clips, media: options.media }),
      eventRoutes({ events: options.events, clips: options.clips, media: options.media }),
      cameraRoutes({ cameras: options.cameras, latestPicture: (camera) => options.cameraSource?.(camera)?.picturePath ?? null }),
      statsRoutes({
        clips: options.clips,
        storage: options.media.usage,
        spendThisMonthUsd: options.spendThisMonthUsd,
        monthlyBudgetUsd: options.monthlyBudgetUsd,
        analyzerEnabled: options.analyzerEnabled,
        latency: options.latency,
      }),
      ...(options.logs ? [logsRoutes({ logs: options.logs })] : []),
      ...(options.deadLetters ? [deadLetterRoutes({ deadLetters: options.deadLetters })] : []),
    ],
  };
}
