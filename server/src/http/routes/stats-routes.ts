import type { Router } from 'express';
import { exactRouter } from '../exact-router.js';
import type { MediaUsage } from '../../media/media-usage.js';
import type { LatencySummary } from '../../metrics/latency-summary.js';
import type { ClipRepository } from '../../store/clip-repository.js';
import { VERSION } from '../../version.js';
import { EmptyQuerySchema, type StatsResponse } from '../contract.js';
import { parseInput } from '../http-error.js';

export interface StatsRoutesOptions {
  readonly clips: Pick<ClipRepository, 'countClips'>;
  readonly storage: Pick<MediaUsage, 'current'>;
  /** VLM spend of the current calendar month (the analyzer's cost ledger). */
  readonly spendThisMonthUsd: () => number;
  readonly monthlyBudgetUsd: number;
  readonly analyzerEnabled: boolean;
  /** Latency p50/p95 over the last day (bounded read of the store); absent: reported as null. */
  readonly latency?: () => Promise<LatencySummary>;
  readonly now?: () => Date;
}

/** GET /api/stats: clips and alerts today (server's local day), VLM spend this month, media storage used, latency over 24 h. */
export function statsRoutes(deps: StatsRoutesOptions): Router {
  const router = exactRouter();
  router.get('/api/stats', async (req, res) => {
    parseInput(EmptyQuerySchema, req.query, 'query');
    const now = deps.now?.() ?? new Date();
    const from = new Date(now.getFullYear(), now.getMonth(), now.getDate()).toISOString();
    const [clipsToday, alertsToday, latency] = await Promise.all([
      deps.clips.countClips({ from }),
      deps.clips.countClips({ from, alerted: true }),
      // Latency is an extra: a failed read leaves it null rather than failing the whole answer.
      deps.latency ? deps.latency().catch(() => null) : Promise.resolve(null),
    ]);
    const body: StatsResponse = {
      clipsToday,
      alertsToday,
      spendThisMonthUsd: deps.spendThisMonthUsd(),
      monthlyBudgetUsd: deps.monthlyBudgetUsd,
      analyzerEnabled: deps.analyzerEnabled,
      storage: deps.storage.current(),
      versions: { homesec: VERSION, node: process.version },
      latency,
    };
    res.setHeader('Cache-Control', 'no-store');
    res.json(body);
  });
  return router;
}
