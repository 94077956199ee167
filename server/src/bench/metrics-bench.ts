import { join } from 'node:path';
import { ClipQuerySchema } from '../core/clip-query.js';
import type { ClipEvent } from '../core/clip-event.js';
import type { StoreWrite } from '../core/clip-store.js';
import type { Clip, StageRecord } from '../core/clip.js';
import { SignalBus } from '../core/signal-bus.js';
import { createLogger } from '../logging/logger.js';
import { MetricsCollector } from '../metrics/metrics-collector.js';
import { percentile } from '../metrics/percentile.js';
import { RecentLatency } from '../metrics/recent-latency.js';
import { SqliteClipStore } from '../store/sqlite-clip-store.js';
import type { BenchFigure, Benchmark } from './bench-figure.js';
import { syntheticClip } from './synthetic-clips.js';

const CLIPS = 100_000;
const ROUNDS = 20;
const EVENTS = 20_000;

/**
 * What observability itself costs: the /api/stats latency summary read from a 100k-clip SQLite store
 * (one clip every 30 s, so the last day holds 2880 and the read stops at the newest 1000), the
 * collector's work per bus event, and one /metrics scrape.
 */
export const metricsBench: Benchmark = async (context) => {
  const store = new SqliteClipStore(join(context.scratchDir, 'metrics-bench.db'));
  await store.start();
  try {
    const newest = Date.now();
    for (let i = 0; i < CLIPS; i += 2000) {
      const writes: StoreWrite[] = [];
      for (let j = i; j < Math.min(i + 2000, CLIPS); j++) writes.push({ kind: 'clip', clip: withTimes(syntheticClip(j, newest)) });
      await store.apply(writes);
    }
    const recent = new RecentLatency({ clips: { listClips: (query) => store.listClips(ClipQuerySchema.parse(query)) } });
    const times: number[] = [];
    let clipsRead = 0;
    for (let round = 0; round < ROUNDS; round++) {
      const started = performance.now();
      clipsRead = (await recent.summary(true)).clips;
      times.push(performance.now() - started);
    }
    context.log(`metrics: latency summary over ${clipsRead} clips`);
    return [
      {
        name: 'metrics.stats_latency_summary_p95',
        value: percentile(times, 95),
        unit: 'ms',
        notes: `GET /api/stats latency part: newest ${clipsRead} done clips of the last 24 h from ${CLIPS} in SQLite, p50/p95 per step (cached 10 s between clips)`,
      },
      ...(await collectorFigures()),
    ];
  } finally {
    await store.stop();
  }
};

/** Feeds the collector stage events straight from a bus, then scrapes it once. */
async function collectorFigures(): Promise<BenchFigure[]> {
  const bus = new SignalBus(createLogger('silent'));
  const collector = new MetricsCollector({ bus, queueDepth: () => 0 });
  collector.start();
  const clip = withTimes(syntheticClip(1, Date.now()));
  const event: ClipEvent = { id: 'e', clipId: clip.id, type: 'stage_succeeded', at: new Date().toISOString(), data: { stage: 'detect' } };
  const started = performance.now();
  for (let i = 0; i < EVENTS; i++) bus.emit('clip.recorded', clip, event);
  const perEventUs = ((performance.now() - started) * 1000) / EVENTS;
  const scrapeStarted = performance.now();
  const { body } = await collector.scrape();
  const scrapeMs = performance.now() - scrapeStarted;
  collector.stop();
  return [
    {
      name: 'metrics.collector_per_stage_event',
      value: perEventUs,
      unit: 'us',
      notes: 'histogram observations, clip latency and detector ms/frame for one stage_succeeded event',
    },
    {
      name: 'metrics.scrape',
      value: scrapeMs,
      unit: 'ms',
      notes: `one GET /metrics body (${Math.round(body.length / 1024)} KB, process metrics included)`,
    },
  ];
}

/** A synthetic clip with stage and notification times, as a finished clip has. */
function withTimes(clip: Clip): Clip {
  const end = Date.parse(clip.startedAt) + (clip.durationS ?? 0) * 1000;
  const at = (ms: number) => new Date(end + ms).toISOString();
  const record = (ms: number, took: number): StageRecord => ({ outcome: 'ok', reason: null, ms: took, at: at(ms), attempts: 1 });
  return {
    ...clip,
    createdAt: at(2500),
    stages: {
      upload: record(3000, 400),
      detect: record(4000, 1200),
      analyze: record(9000, 5000),
    },
    notifications: clip.alerted ? { mqtt: { status: 'delivered', attempts: 1, at: at(9100), error: null } } : {},
  };
}
