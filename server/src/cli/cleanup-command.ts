import { randomUUID } from 'node:crypto';
import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { HomesecApp } from '../app.js';
import type { HomesecConfig } from '../config/schema.js';
import { ClipQuerySchema } from '../core/clip-query.js';
import { OnnxDetector } from '../detect/onnx-detector.js';
import { createLogger, type Logger } from '../logging/logger.js';
import { ApplyCleanupActions } from '../maintenance/cleanup-actions.js';
import { CleanupCursor } from '../maintenance/cleanup-cursor.js';
import { runCleanup, type CleanupOptions, type CleanupSummary } from '../maintenance/cleanup.js';
import { ffmpegToolsFromEnv } from '../media/ffmpeg-tools.js';
import { mediaFolder } from '../media/media-paths.js';
import { createClipStore } from '../store/create-clip-store.js';
import { DataDirLock } from '../store/data-dir-lock.js';
import { LocalDb } from '../store/local-db.js';
import { LocalSettings } from '../store/local-settings.js';
import type { CliCommand } from './cli-command.js';
import { loadConfigOrReport, parseCliArgs } from './cli-args.js';

const USAGE = `usage: homesec cleanup [--config PATH] [--camera NAME] [--older-than-days N] [--model PATH] [--workers N] [--apply] [--from-start]
  Re-checks finished clips the detector found empty (or never looked at) with another model.
  Dry run by default: prints one JSON line per clip {clip_id, camera, started_at, verdict, labels, action}
  (verdict confirmed_empty | found_objects | missing_file | error) and a summary line.
  --apply           delete confirmed-empty clips (local files, off-site copy) and re-queue clips where
                    the model finds something, for analysis; refuses while HomeSec runs on the same data_dir
  --model PATH      .onnx file or built-in name (default: detector.model)
  --workers N       clips in detection at the same time (1-4, default 1)
  --from-start      ignore where an interrupted run stopped
  Exit 0, or 1 when any clip could not be checked or acted on.
`;

const OPTIONS = {
  config: { type: 'string' },
  camera: { type: 'string' },
  'older-than-days': { type: 'string' },
  model: { type: 'string' },
  workers: { type: 'string' },
  apply: { type: 'boolean' },
  'from-start': { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;

interface CleanupRequest {
  readonly config: HomesecConfig;
  readonly camera: string | undefined;
  readonly olderThanDays: number | undefined;
  readonly model: string | undefined;
  readonly workers: number;
  readonly apply: boolean;
  readonly fromStart: boolean;
}

export const cleanupCommand: CliCommand = {
  summary: 're-check clips found empty with another model; delete or re-queue them (--apply)',
  async run(argv) {
    const args = parseCliArgs(argv, OPTIONS);
    if (!args || args.values.help) {
      (args ? process.stdout : process.stderr).write(USAGE);
      return args ? 0 : 2;
    }
    const loaded = loadConfigOrReport(args.values.config);
    if (!loaded) return 2;
    const request = parseRequest(args.values, loaded.config);
    if (typeof request === 'string') {
      process.stderr.write(`homesec cleanup: ${request}\n`);
      return 2;
    }
    const log = createLogger(request.config.logLevel === 'info' ? 'warn' : request.config.logLevel, process.stderr);
    return cleanup(request, log);
  },
};

function parseRequest(
  values: {
    camera?: string | undefined;
    'older-than-days'?: string | undefined;
    model?: string | undefined;
    workers?: string | undefined;
    apply?: boolean | undefined;
    'from-start'?: boolean | undefined;
  },
  config: HomesecConfig,
): CleanupRequest | string {
  const { camera } = values;
  if (camera !== undefined && !config.cameras.some((c) => c.name === camera)) {
    return `no camera "${camera}" in the configuration (cameras: ${config.cameras.map((c) => c.name).join(', ') || 'none'})`;
  }
  const olderThanDays = values['older-than-days'] === undefined ? undefined : Number(values['older-than-days']);
  if (olderThanDays !== undefined && !(Number.isFinite(olderThanDays) && olderThanDays >= 0))
    return '--older-than-days must be a number of days, 0 or more';
  const workers = values.workers === undefined ? 1 : Number(values.workers);
  if (!Number.isInteger(workers) || workers < 1 || workers > 4) return '--workers must be a whole number from 1 to 4';
  return {
    config,
    camera,
    olderThanDays,
    model: values.model,
    workers,
    apply: values.apply === true,
    fromStart: values['from-start'] === true,
  };
}

async function cleanup(request: CleanupRequest, log: Logger): Promise<number> {
  const { config } = request;
  // --apply changes clips the service may be working on: refuse at once, before the model loads.
  if (request.apply) {
    try {
      DataDirLock.check({ dataDir: config.dataDir, command: 'homesec cleanup --apply' });
    } catch (e) {
      process.stderr.write(`homesec cleanup: ${(e as Error).message}\n`);
      return 1;
    }
  }
  const abort = new AbortController();
  process.once('SIGINT', () => abort.abort());
  process.once('SIGTERM', () => abort.abort());
  const runId = randomUUID();
  const detector = new OnnxDetector({
    config: { ...config.detector, enabled: true, model: request.model ?? config.detector.model },
    dataDir: config.dataDir,
    tools: ffmpegToolsFromEnv(),
    log: log.child({ component: 'cleanup' }),
  });
  await detector.start(abort.signal);
  if (detector.health().status !== 'healthy') {
    process.stderr.write(`homesec cleanup: ${detector.health().message}\n`);
    return 1;
  }
  const workDir = join(config.dataDir, 'cleanup', runId);
  mkdirSync(workDir, { recursive: true });
  const localDb = LocalDb.open(config.dataDir);
  const cursor = new CleanupCursor(new LocalSettings(localDb), request.apply ? 'apply' : 'dry_run');
  if (request.fromStart) cursor.clear();
  const base = {
    camera: request.camera,
    olderThanDays: request.olderThanDays,
    workers: request.workers,
    runId,
    detector,
    cursor,
    workDir,
    log,
    report: (line: object) => process.stdout.write(`${JSON.stringify(line)}\n`),
  };
  try {
    const summary = request.apply ? await applyRun(base, config, log, abort) : await dryRun(base, config, log, abort.signal);
    process.stdout.write(`${JSON.stringify({ summary })}\n`);
    return summary.error > 0 ? 1 : 0;
  } catch (e) {
    process.stderr.write(`homesec cleanup: ${(e as Error).message}\n`);
    return 1;
  } finally {
    await detector.stop();
    localDb.stop();
    rmSync(workDir, { recursive: true, force: true });
  }
}

type BaseOptions = Omit<CleanupOptions, 'clips' | 'media' | 'actions'>;

/** Reads the store directly: a dry run starts no pipeline and changes nothing but its own cursor. */
async function dryRun(base: BaseOptions, config: HomesecConfig, log: Logger, signal: AbortSignal): Promise<CleanupSummary> {
  const store = createClipStore(config, log.child({ component: 'store' }));
  await store.start(signal);
  try {
    const clips = { listClips: (query: Parameters<typeof ClipQuerySchema.parse>[0]) => store.listClips(ClipQuerySchema.parse(query)) };
    return await runCleanup({ ...base, clips, media: mediaFolder(config.mediaDir), actions: null }, signal);
  } finally {
    await store.stop();
  }
}

/** Runs the app in oneshot mode: deletions are recorded through the repository, re-queued clips go through the pipeline. */
async function applyRun(base: BaseOptions, config: HomesecConfig, log: Logger, abort: AbortController): Promise<CleanupSummary> {
  const app = HomesecApp.oneshot({ config, log });
  try {
    const { repository, pipeline, media } = await app.start(abort.signal);
    const actions = new ApplyCleanupActions({
      repository,
      media,
      requeue: (id) => pipeline.requeue(id),
      runId: base.runId,
      signal: abort.signal,
    });
    const summary = await runCleanup({ ...base, clips: repository, media, actions }, abort.signal);
    await pipeline.idle();
    if (!(await repository.drain(15_000)))
      log.warn(
        { event_type: 'cleanup.store_pending', pending: repository.pendingWrites() },
        'some changes wait in the local journal for the store; HomeSec writes them at its next start',
      );
    return summary;
  } finally {
    await app.stop();
  }
}
