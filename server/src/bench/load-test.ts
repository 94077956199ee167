import { copyFileSync, mkdirSync, mkdtempSync, renameSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { HomesecApp, type HomesecService } from '../app.js';
import { ConfigSchema, type HomesecConfig } from '../config/schema.js';
import { camelCaseKeys } from '../config/camel-case-keys.js';
import { createLogger } from '../logging/logger.js';
import type { LatencySummary } from '../metrics/latency-summary.js';
import { percentile } from '../metrics/percentile.js';
import { findSharedDir, machineDescription } from './bench-environment.js';
import { ProcessSampler, type ProcessPeaks } from './process-sampler.js';
import { startSlowVlmServer, type SlowVlmServer } from './slow-vlm-server.js';

/**
 * The load test (`npm run loadtest`): the real app in this process, detection on (yolox_nano), the
 * VLM a local OpenAI-compatible server answering after a fixed delay, and N clips (pedestrians.mp4
 * and empty_scene.mp4 in turn) landing in the cameras' watched folders evenly over a period.
 * Prints one JSON report on stdout; exits 1 unless every clip reached `done`.
 */
interface LoadSettings {
  readonly clips: number;
  readonly seconds: number;
  readonly cameras: number;
  readonly vlmDelayMs: number;
  /** After the last drop, how long to wait for the queue to drain before counting clips as lost. */
  readonly drainTimeoutS: number;
}

interface Arrival {
  readonly name: string;
  readonly droppedAt: number;
  doneAt: number | null;
  failed: boolean;
}

async function main(): Promise<number> {
  const settings = readSettings();
  const shared = findSharedDir();
  if (!shared) throw new Error('needs ../shared (fixtures and models) beside the checkout');
  const scratch = mkdtempSync(join(tmpdir(), 'homesec-load-'));
  const vlm = await startSlowVlmServer(settings.vlmDelayMs);
  const config = loadConfig(scratch, shared, vlm, settings);
  const app = HomesecApp.service({ config, log: createLogger('warn', process.stderr) });
  // Ctrl-C stops the app (and its ffmpeg children) and removes the scratch folder.
  const interrupted = () =>
    app.stop().finally(() => {
      rmSync(scratch, { recursive: true, force: true });
      process.exit(130);
    });
  process.once('SIGINT', interrupted);
  process.once('SIGTERM', interrupted);
  try {
    const running = await app.start(new AbortController().signal);
    const arrivals = new Map<string, Arrival>();
    const drained = trackClips(running, arrivals, settings.clips);
    const sampler = new ProcessSampler();
    sampler.start();
    const started = performance.now();
    progress(`dropping ${settings.clips} clips into ${settings.cameras} watched folders over ${settings.seconds} s`);
    await dropClips(config, shared, settings, arrivals);
    progress('all clips dropped; waiting for the pipeline to drain');
    await Promise.race([drained, delay(settings.drainTimeoutS * 1000)]);
    const peaks = sampler.stop();
    const latency = await running.latency.summary(true);
    const store = await storeCounts(running);
    const report = buildReport(settings, arrivals, started, peaks, latency, store, vlm.requests());
    process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
    process.stderr.write(table(report));
    return report.clips.done === settings.clips ? 0 : 1;
  } finally {
    await app.stop();
    await vlm.close();
    rmSync(scratch, { recursive: true, force: true });
  }
}

function readSettings(): LoadSettings {
  const { values } = parseArgs({
    options: {
      clips: { type: 'string', default: '200' },
      seconds: { type: 'string', default: '60' },
      cameras: { type: 'string', default: '4' },
      'vlm-delay-ms': { type: 'string', default: '2000' },
      'drain-timeout-s': { type: 'string', default: '1800' },
    },
  });
  const number = (key: keyof typeof values): number => {
    const value = Number(values[key]);
    if (!Number.isFinite(value) || value <= 0) throw new Error(`--${key} must be a positive number`);
    return value;
  };
  return {
    clips: number('clips'),
    seconds: number('seconds'),
    cameras: number('cameras'),
    vlmDelayMs: number('vlm-delay-ms'),
    drainTimeoutS: number('drain-timeout-s'),
  };
}

/** Product defaults except what the test is about: detection on with the shared model, the VLM on trigger_only. */
function loadConfig(scratch: string, shared: string, vlm: SlowVlmServer, settings: LoadSettings): HomesecConfig {
  const parsed = ConfigSchema.parse({
    data_dir: join(scratch, 'data'),
    log_level: 'warn',
    http: { host: '127.0.0.1', port: 0 },
    cameras: Array.from({ length: settings.cameras }, (_, i) => ({ name: `cam${i + 1}`, source: 'folder' })),
    detector: { enabled: true, model: join(shared, 'models', 'yolox_nano.onnx') },
    analyzer: { enabled: true, base_url: vlm.baseUrl, api_key: 'sk-load-test', run_mode: 'trigger_only', timeout_s: 60 },
  });
  return camelCaseKeys({ ...parsed, media_dir: join(scratch, 'data', 'media') });
}

/** Resolves once every clip is done or failed; records when each got there (from the bus). */
function trackClips(app: HomesecService, arrivals: Map<string, Arrival>, expected: number): Promise<void> {
  let finished = 0;
  return new Promise((resolve) => {
    app.bus.on(arrivals, 'clip.recorded', (clip, event) => {
      if (event.type !== 'clip_done' && event.type !== 'clip_failed') return;
      const arrival = arrivals.get(clip.originalName);
      if (!arrival || arrival.doneAt !== null) return;
      arrival.doneAt = performance.now();
      arrival.failed = event.type === 'clip_failed';
      finished += 1;
      if (finished % 25 === 0) progress(`${finished}/${expected} clips finished`);
      if (finished >= expected) resolve();
    });
  });
}

/** Clip i lands at i * period, written under a hidden name and renamed, as a camera would. */
async function dropClips(config: HomesecConfig, shared: string, settings: LoadSettings, arrivals: Map<string, Arrival>): Promise<void> {
  const fixtures = [join(shared, 'fixtures', 'pedestrians.mp4'), join(shared, 'fixtures', 'empty_scene.mp4')];
  const periodMs = (settings.seconds * 1000) / settings.clips;
  const start = performance.now();
  for (let i = 0; i < settings.clips; i++) {
    const wait = start + i * periodMs - performance.now();
    if (wait > 0) await delay(wait);
    const camera = `cam${(i % settings.cameras) + 1}`;
    const folder = join(config.dataDir, 'inbox', camera);
    mkdirSync(folder, { recursive: true });
    const name = `load-${String(i).padStart(4, '0')}.mp4`;
    copyFileSync(fixtures[i % 2] ?? '', join(folder, `.${name}.part`));
    renameSync(join(folder, `.${name}.part`), join(folder, name));
    arrivals.set(name, { name, droppedAt: performance.now(), doneAt: null, failed: false });
  }
}

/** What the clip store says at the end: a clip still queued is late, not lost. */
async function storeCounts({ repository }: HomesecService): Promise<{ done: number; unfinished: number }> {
  const [done, queued, processing] = await Promise.all([
    repository.countClips({ status: 'done' }),
    repository.countClips({ status: 'queued' }),
    repository.countClips({ status: 'processing' }),
  ]);
  return { done, unfinished: queued + processing };
}

function buildReport(
  settings: LoadSettings,
  arrivals: Map<string, Arrival>,
  started: number,
  peaks: ProcessPeaks,
  latency: LatencySummary | null,
  store: { done: number; unfinished: number },
  vlmCalls: number,
) {
  const all = [...arrivals.values()];
  const done = all.filter((a) => a.doneAt !== null && !a.failed);
  const e2e = done.map((a) => (a.doneAt ?? 0) - a.droppedAt);
  const lastDone = Math.max(...done.map((a) => a.doneAt ?? 0), started);
  const wallS = (lastDone - started) / 1000;
  const mb = (bytes: number) => Math.round(bytes / 2 ** 20);
  const failed = all.filter((a) => a.failed).length;
  return {
    machine: machineDescription(),
    at: new Date().toISOString(),
    settings: {
      ...settings,
      detector: 'yolox_nano (2 fps, early exit)',
      analyzer: 'trigger_only',
      fixtures: 'pedestrians.mp4 and empty_scene.mp4 in turn',
    },
    // lost: neither done, failed, nor still waiting in the store when the drain timeout ended.
    clips: {
      dropped: all.length,
      done: done.length,
      failed,
      unfinished_at_timeout: store.unfinished,
      lost: Math.max(0, settings.clips - done.length - failed - store.unfinished),
      done_in_store: store.done,
    },
    throughput_clips_per_min: round(done.length / (wallS / 60)),
    wall_s: round(wallS),
    e2e_latency_ms: {
      p50: round(percentile(e2e, 50)),
      p95: round(percentile(e2e, 95)),
      max: round(Math.max(...e2e, 0)),
      from: 'file renamed into the watched folder',
      to: 'clip done',
    },
    stage_latency_from_clip_end: latency,
    vlm_calls: vlmCalls,
    peak_rss_mb: mb(peaks.peakRssBytes),
    peak_rss_with_children_mb: mb(peaks.peakTotalRssBytes),
    peak_child_processes: peaks.peakChildren,
    cpu: { node_s: round(peaks.cpuS), ffmpeg_s: round(peaks.childCpuS), average_cores: round((peaks.cpuS + peaks.childCpuS) / wallS) },
  };
}

type LoadReport = ReturnType<typeof buildReport>;

function table(r: LoadReport): string {
  const rows: [string, string][] = [
    [
      'clips done / dropped',
      `${r.clips.done} / ${r.clips.dropped} (failed ${r.clips.failed}, unfinished ${r.clips.unfinished_at_timeout}, lost ${r.clips.lost})`,
    ],
    ['throughput', `${r.throughput_clips_per_min} clips/min`],
    ['end-to-end latency p50 / p95 / max', `${r.e2e_latency_ms.p50} / ${r.e2e_latency_ms.p95} / ${r.e2e_latency_ms.max} ms`],
    ['VLM calls', String(r.vlm_calls)],
    ['peak RSS (node / with ffmpeg)', `${r.peak_rss_mb} / ${r.peak_rss_with_children_mb} MB`],
    ['CPU (node / ffmpeg / average cores)', `${r.cpu.node_s} s / ${r.cpu.ffmpeg_s} s / ${r.cpu.average_cores}`],
  ];
  return `\n${rows.map(([k, v]) => `${k.padEnd(40)} ${v}`).join('\n')}\n`;
}

function round(value: number): number {
  return Math.round(value * 100) / 100;
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

function progress(message: string): void {
  process.stderr.write(`[loadtest] ${message}\n`);
}

main().then(
  (code) => process.exit(code),
  (e: unknown) => {
    process.stderr.write(`loadtest failed: ${(e as Error).stack ?? String(e)}\n`);
    process.exit(1);
  },
);
