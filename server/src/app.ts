import { buildAnalyzer } from './analyze/build-analyzer.js';
import { SpendLedger } from './analyze/spend-ledger.js';
import { buildCameras } from './cameras/build-cameras.js';
import type { CameraDirectory } from './cameras/camera-directory.js';
import type { HomesecConfig } from './config/schema.js';
import type { ClipSource } from './core/clip-source.js';
import type { ClipStore } from './core/clip-store.js';
import { SignalBus } from './core/signal-bus.js';
import { PartRunner } from './runtime/part-runner.js';
import type { Services } from './runtime/services.js';
import { buildDetector } from './detect/build-detector.js';
import { buildEvents } from './events/build-events.js';
import type { CameraEventService } from './events/camera-event-service.js';
import { buildHomeAssistant } from './ha/build-home-assistant.js';
import { HealthRegistry } from './health/health-registry.js';
import { buildDashboard } from './http/build-dashboard.js';
import type { HttpServer } from './http/http-server.js';
import type { DbLogSink } from './logging/db-log-sink.js';
import type { Logger } from './core/logger.js';
import { buildMaintenance } from './maintenance/build-maintenance.js';
import { FfmpegCheck } from './media/ffmpeg-check.js';
import { ffmpegToolsFromEnv } from './media/ffmpeg-tools.js';
import { MediaStore } from './media/media-store.js';
import { MetricsCollector } from './metrics/metrics-collector.js';
import { RecentLatency } from './metrics/recent-latency.js';
import { buildNotifications } from './notify/build-notifications.js';
import { Pipeline } from './pipeline/pipeline.js';
import { buildSources } from './sources/source-registry.js';
import { buildOffsiteStorage } from './storage/offsite-registry.js';
import { buildStore } from './store/build-store.js';
import type { ClipRepository } from './store/clip-repository.js';
import type { CameraEventRepository } from './store/camera-event-repository.js';
import { DataDirLock } from './store/data-dir-lock.js';
import { LocalDb } from './store/local-db.js';

export interface HomesecOptions {
  readonly config: HomesecConfig;
  readonly log: Logger;
  /** Tests: another clip store, another folder of web assets. */
  readonly store?: ClipStore;
  readonly webDir?: string;
  /** The logger's database sink (cli/run-command.ts); attached to the log store once the clip store is up. */
  readonly logSink?: DbLogSink;
  /** The YAML file the config came from (--config): outside the add-on, a camera added from the dashboard goes there. */
  readonly configFile?: string;
}

/** What `homesec process` and `cleanup --apply` run: the pipeline and the state it needs, no sources or dashboard. */
export interface HomesecCore {
  readonly config: HomesecConfig;
  readonly bus: SignalBus;
  readonly health: HealthRegistry;
  readonly repository: ClipRepository;
  readonly cameraEvents: CameraEventRepository;
  /** The owner of camera events: it decides and alerts; live watching and the pipeline report to it. */
  readonly eventService: CameraEventService;
  readonly media: MediaStore;
  readonly pipeline: Pipeline;
}

/** The running service: the core plus cameras, their sources, retention and the dashboard. */
export interface HomesecService extends HomesecCore {
  readonly cameras: CameraDirectory;
  readonly sources: readonly ClipSource[];
  readonly latency: RecentLatency;
  readonly http: HttpServer;
}

interface Started {
  readonly run: PartRunner;
  readonly services: Services;
  readonly signal: AbortSignal;
}

/**
 * The composition root: the start order, and nothing else. Each folder builds its own parts (things
 * with a lifecycle) from what it needs (`...Needs`); the runner starts them in this order (a P0 part
 * that fails stops start-up with its message), registers their health, and stops them in reverse.
 */
export class HomesecApp<T extends HomesecCore> {
  private readonly bus: SignalBus;
  private readonly health = new HealthRegistry();
  private readonly run: PartRunner;

  private constructor(
    private readonly options: HomesecOptions,
    private readonly assemble: (started: Started, options: HomesecOptions, core: StartedCore) => Promise<T>,
    private readonly withHomeAssistant: boolean,
  ) {
    this.bus = new SignalBus(options.log);
    this.run = new PartRunner(this.health, options.log);
  }

  /** The service (`homesec run`). */
  static service(options: HomesecOptions): HomesecApp<HomesecService> {
    return new HomesecApp(options, startService, true);
  }

  /** Only the pipeline, without Home Assistant, sources or dashboard (`homesec process`, `cleanup --apply`). */
  static oneshot(options: HomesecOptions): HomesecApp<HomesecCore> {
    return new HomesecApp(options, async (_started, _options, core) => core, false);
  }

  /** Starts every part in order; on failure (or an aborted start) stops what started and rejects. */
  async start(signal: AbortSignal): Promise<T> {
    const { config, log } = this.options;
    try {
      // One process per data folder: taken before anything in it is opened (store/data-dir-lock.ts).
      const command = this.withHomeAssistant ? 'homesec run' : 'homesec process or cleanup --apply';
      await this.run.start(new DataDirLock({ dataDir: config.dataDir, command }), signal);
      const services: Services = { config, log, bus: this.bus, tools: ffmpegToolsFromEnv(), localDb: LocalDb.open(config.dataDir) };
      const started = { run: this.run, services, signal };
      const core = await startCore(started, this.options, this.health, this.withHomeAssistant);
      return await this.assemble(started, this.options, core);
    } catch (e) {
      await this.stop();
      throw e;
    }
  }

  /** Stops every started part in reverse order; safe to call twice and during start. */
  stop(): Promise<void> {
    return this.run.stopAll();
  }
}

/** Local database -> stores -> off-site -> media -> detector -> analyzer -> metrics -> Home Assistant -> notifiers -> pipeline. */
type StartedCore = Awaited<ReturnType<typeof startCore>>;

async function startCore({ run, services, signal }: Started, options: HomesecOptions, health: HealthRegistry, withHa: boolean) {
  const { config, bus, localDb } = services;
  await run.start(localDb, signal);
  const { repository, cameraEvents, logs, parts: storeParts } = buildStore(services, options);
  for (const part of storeParts) await run.start(part, signal);
  const offsite = buildOffsiteStorage(services);
  if (offsite) await run.start(offsite, signal, 'best_effort');
  const log = services.log.child({ component: 'media' });
  const media = await run.start(new MediaStore({ root: config.mediaDir, tools: services.tools, offsite, bus, log }), signal);
  // Without ffmpeg nothing is stored or recorded: found at start, reported by health with the fix.
  await run.start(new FfmpegCheck({ tools: services.tools, log }), signal, 'best_effort');
  const detector = buildDetector(services);
  // A model that is still downloading never holds up recording: the detect stage waits for it instead.
  if (detector) run.startInBackground(detector, signal);
  const ledger = new SpendLedger(localDb);
  const analyzer = buildAnalyzer(services, ledger);
  if (analyzer) await run.start(analyzer, signal, 'best_effort');

  const { directory: cameras, arming } = buildCameras(services, repository);
  const latency = new RecentLatency({ clips: repository, bus });
  const haNeeds = { cameras, repository, events: cameraEvents, ledger, latency, health, media, renditions: media.renditions };
  const ha = withHa ? await buildHomeAssistant(services, haNeeds, signal) : null;
  const notifierNeeds = { services, mqtt: ha?.mqtt ?? null, haEvents: ha?.supervisor ?? null, media };
  const outbox = buildNotifications(notifierNeeds, { clips: repository, events: cameraEvents });
  const verdictExpected = analyzer !== null && config.analyzer.runMode !== 'never';
  const eventNeeds = { cameraEvents, clips: repository, arming: cameras, outbox, verdictExpected, detector, analyzer, media };
  const { eventService, liveWatch } = buildEvents(services, eventNeeds);
  const stages = { offsite, detector, analyzer, events: eventService };
  const pipeline = new Pipeline(services, { repository, media, stages, progress: eventService });

  // Metrics listen from before the pipeline resumes, so resumed clips are counted too.
  const metrics = await run.start(new MetricsCollector({ bus, queueDepth: () => pipeline.depth() }), signal);
  await run.start(latency, signal);
  for (const part of ha?.parts ?? []) await run.start(part, signal, 'best_effort');
  if (outbox) await run.start(outbox, signal, 'best_effort');
  await run.start(eventService, signal);
  await run.start(pipeline, signal);
  const extras = { detector, analyzer, cameras, arming, latency, metrics, ledger, logs, liveWatch };
  return { config, bus, health, repository, cameraEvents, eventService, media, pipeline, ...extras };
}

/** Cameras -> sources -> retention -> dashboard (the HTTP listener is last). */
async function startService({ run, services, signal }: Started, options: HomesecOptions, core: StartedCore): Promise<HomesecService> {
  const { cameras, latency, metrics, ledger, logs, repository, media, pipeline, config } = core;
  // The camera directory listens before sources start, so it hears their first status report.
  await run.start(cameras, signal);
  // Arming by mode (presence from Home Assistant, the schedule): best effort, the last decision holds meanwhile.
  for (const part of core.arming) await run.start(part, signal, 'best_effort');
  const sources = buildSources(services, { intake: pipeline.intake, live: core.liveWatch });
  for (const source of sources) await run.start(source, signal, 'best_effort');
  for (const part of buildMaintenance(services, { media, pipeline, repository })) await run.start(part, signal);
  const api = {
    clips: repository,
    events: core.cameraEvents,
    health: core.health,
    cameras,
    media,
    spendThisMonthUsd: () => ledger.monthToDate(new Date()).costUsd,
    monthlyBudgetUsd: config.analyzer.monthlyBudgetUsd,
    analyzerEnabled: config.analyzer.enabled,
    latency: () => latency.summary(),
    metrics,
    logs,
    deadLetters: repository,
    cameraSource: (camera: string) => sources.find((s) => s.camera === camera) ?? null,
  };
  const dashboard = buildDashboard(services, api, options.webDir, options.configFile ?? null);
  for (const part of dashboard.parts) await run.start(part, signal);
  return { ...core, cameras, sources, latency, http: dashboard.http };
}
