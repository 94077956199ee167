import type { Benchmark } from './bench-figure.js';

/** Every benchmark `npm run bench` runs, by name; each issue adds its own. Loaded lazily. */
export const BENCHMARKS: Record<string, () => Promise<Benchmark>> = {
  store: async () => (await import('./store-bench.js')).storeBench,
  pipeline: async () => (await import('./pipeline-bench.js')).pipelineBench,
  detector: async () => (await import('./detector-bench.js')).detectorBench,
  'far-recall': async () => (await import('./far-recall-bench.js')).farRecallBench,
  'rtsp-motion': async () => (await import('./rtsp-motion-bench.js')).rtspMotionBench,
  api: async () => (await import('./api-bench.js')).apiBench,
  metrics: async () => (await import('./metrics-bench.js')).metricsBench,
  'local-state': async () => (await import('./local-state-bench.js')).localStateBench,
  previews: async () => (await import('./preview-bench.js')).previewBench,
  'review-page': async () => (await import('./review-page-bench.js')).reviewPageBench,
  'live-latency': async () => (await import('./live-latency-bench.js')).liveLatencyBench,
  'live-folder': async () => (await import('./live-latency-bench.js')).liveFolderBench,
  'live-far': async () => (await import('./live-far-bench.js')).liveFarBench,
};
