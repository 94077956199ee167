import type Database from 'better-sqlite3';
import { accessSync, constants, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { HomesecConfig } from './config/schema.js';
import type { FtpCameraConfig } from './config/sections/camera-config.js';
import type { ClipSource } from './core/clip-source.js';
import type { ClipStore } from './core/clip-store.js';
import type { ObjectDetector } from './core/object-detector.js';
import type { OffsiteStorage } from './core/offsite-storage.js';
import { DropboxStorage } from './storage/dropbox-storage.js';
import { OnnxDetector } from './detect/onnx-detector.js';
import { Retention } from './maintenance/retention.js';
import { ffmpegToolsFromEnv } from './media/ffmpeg-tools.js';
import { MediaLibrary } from './media/media-library.js';
import { ClipIntakeService } from './pipeline/clip-intake-service.js';
import { ClipPipeline } from './pipeline/clip-pipeline.js';
import { DeferredUploads } from './pipeline/deferred-uploads.js';
import { PipelineJobs } from './pipeline/pipeline-jobs.js';
import { createStageHandlers, type StageParts } from './pipeline/stage-handlers.js';
import { FolderSource } from './sources/folder-source.js';
import { FtpSource } from './sources/ftp/ftp-source.js';
import { RtspSource } from './sources/rtsp/rtsp-source.js';
import { EventBus } from './core/event-bus.js';
import { HealthRegistry } from './health/health-registry.js';
import { resolveBroker } from './ha/addon-broker.js';
import { discoverySettings } from './ha/discovery-settings.js';
import { HomeAssistantBridge } from './ha/home-assistant-bridge.js';
import { SupervisorClient } from './ha/supervisor-client.js';
import { SpendLedger } from './analyze/spend-ledger.js';
import { OpenAiAnalyzer } from './analyze/openai-analyzer.js';
import { CooldownTracker } from './alert/cooldown-tracker.js';
import { DefaultAlertPolicy } from './alert/default-alert-policy.js';
import { EmailNotifier } from './notify/email-notifier.js';
import { HaEventNotifier } from './notify/ha-event-notifier.js';
import { MqttAlertNotifier } from './notify/mqtt-alert-notifier.js';
import type { EmailTransport } from './notify/email-message.js';
import type { Notifier } from './notify/notifier.js';
import { OutboxNotifications } from './notify/outbox-notifications.js';
import { SendgridTransport } from './notify/sendgrid-transport.js';
import { SmtpTransport } from './notify/smtp-transport.js';
import { MqttConnection } from './mqtt/mqtt-connection.js';
import { VERSION } from './version.js';
import { apiRouters } from './http/api-routers.js';
import { CameraStatusTracker } from './http/camera-status-tracker.js';
import { createHttpApp } from './http/create-http-app.js';
import { HttpServer } from './http/http-server.js';
import { SocketGateway } from './http/socket-gateway.js';
import { StorageUsage } from './http/storage-usage.js';
import { defaultWebDir, webAssetRoutes } from './http/web-assets.js';
import type { DbLogSink } from './logging/db-log-sink.js';
import type { Logger } from './logging/logger.js';
import { MetricsCollector } from './metrics/metrics-collector.js';
import { RecentLatency } from './metrics/recent-latency.js';
import { CameraArmingStore } from './store/camera-arming-store.js';
import { ClipRepository } from './store/clip-repository.js';
import { createClipStore } from './store/create-clip-store.js';
import { createLogStore } from './store/create-log-store.js';
import type { LogStore } from './core/log-store.js';
import { LocalClipStates } from './store/local-clip-states.js';
import { openLocalDb } from './store/local-db.js';
import { StoreWriteJournal } from './store/store-write-journal.js';

/** A started part of the app, stopped in reverse order. */
interface RunningPart {
  readonly name: string;
  stop(): Promise<void>;
}

export interface HomesecAppOptions {
  readonly config: HomesecConfig;
  readonly log: Logger;
  /** Overrides for tests: another store, another web folder. */
  readonly store?: ClipStore;
  readonly webDir?: string;
  /** `service` (default) runs sources, retention and the dashboard; `oneshot` only the pipeline (homesec process). */
  readonly mode?: 'service' | 'oneshot';
  /** The logger's database sink (cli/run-command.ts); attached to the log store once the clip store is up. */
  readonly logSink?: DbLogSink;
}

const STOP_TIMEOUT_MS = 15_000;

/**
 * The composition root: the only place that builds adapters and services, and the one owner of
 * start order (local db -> store -> media -> ... -> http) and reverse stop order.
 */
export class HomesecApp {
  readonly bus: EventBus;
  readonly health = new HealthRegistry();
  repository: ClipRepository | null = null;
  http: HttpServer | null = null;
  arming: CameraArmingStore | null = null;
  socketGateway: SocketGateway | null = null;
  storageUsage: StorageUsage | null = null;
  intake: ClipIntakeService | null = null;
  pipeline: ClipPipeline | null = null;
  retention: Retention | null = null;
  ftp: FtpSource | null = null;
  /** The one broker connection (null without a broker); notifiers share it. */
  mqtt: MqttConnection | null = null;
  supervisor: SupervisorClient | null = null;
  /** Log records in the clip store's database (null with `logs.enabled: false`). */
  logs: LogStore | null = null;
  /** The off-site copy (null with `offsite.backend: none`); cleanup removes copies through it. */
  offsite: OffsiteStorage | null = null;
  /** Prometheus metrics, fed by the bus only. */
  metrics: MetricsCollector | null = null;
  /** Latency p50/p95 over the last day (for /api/stats and the HA alert latency sensor). */
  latency: RecentLatency | null = null;
  readonly library: MediaLibrary;
  private readonly tools = ffmpegToolsFromEnv();
  private jobs: PipelineJobs | null = null;
  private localDb: Database.Database | null = null;
  private readonly running: RunningPart[] = [];
  private stopping: Promise<void> | null = null;

  constructor(private readonly options: HomesecAppOptions) {
    this.bus = new EventBus(options.log);
    this.library = new MediaLibrary(options.config.mediaDir);
  }

  /** Starts every part in dependency order; a P0 failure (data or media folder, local queue) rejects with one clear message. */
  async start(signal: AbortSignal): Promise<void> {
    const { config } = this.options;
    ensureWritableDir(config.dataDir, 'data_dir');
    ensureWritableDir(config.mediaDir, 'media_dir');
    const localDb = openLocalDb(config.dataDir);
    this.localDb = localDb;
    this.running.push({ name: 'local database', stop: async () => void localDb.close() });

    const repository = await this.startRepository(localDb);
    await this.startLogs();
    this.startMetrics(repository);
    const arming = new CameraArmingStore(localDb, this.bus);
    this.arming = arming;
    throwIfAborted(signal);
    if (this.options.mode !== 'oneshot') await this.startHomeAssistant(localDb, repository, arming, signal);
    throwIfAborted(signal);
    const parts = await this.startStageParts(signal);
    throwIfAborted(signal);
    await this.startPipeline(localDb, repository, parts);
    if (this.options.mode === 'oneshot') return;
    throwIfAborted(signal);
    // The camera tracker listens before sources start, so it hears their first status report.
    const cameras = await this.startCameraTracker(repository, arming);
    await this.startSources(signal);
    this.startRetention(repository);
    await this.startDashboard(repository, arming, cameras);
  }

  /** Clip store behind the local journal; a store that is down only makes health `degraded`. */
  private async startRepository(localDb: Database.Database): Promise<ClipRepository> {
    const { config, log } = this.options;
    const store = this.options.store ?? createClipStore(config, log.child({ component: 'store' }));
    const repository = new ClipRepository({
      store,
      journal: new StoreWriteJournal(localDb),
      states: new LocalClipStates(localDb),
      transaction: (fn) => localDb.transaction(fn)(),
      bus: this.bus,
      log: log.child({ component: 'repository' }),
    });
    this.repository = repository;
    await repository.start();
    this.running.push({ name: 'clip repository', stop: () => repository.stop() });
    this.health.register('store', () => repository.health());
    this.health.register('media', () => mediaHealth(config.mediaDir));
    return repository;
  }

  /** Metrics listen from before the pipeline resumes, so resumed clips are counted too. */
  private startMetrics(repository: ClipRepository): void {
    const metrics = new MetricsCollector({ bus: this.bus, queueDepth: () => this.pipeline?.depth() ?? 0 });
    metrics.start();
    this.metrics = metrics;
    const latency = new RecentLatency({ clips: repository, bus: this.bus });
    latency.start();
    this.latency = latency;
    this.running.push({
      name: 'metrics',
      stop: async () => {
        metrics.stop();
        latency.stop();
      },
    });
  }

  /** The log store beside the clip store, fed by the logger's sink; a store that is down only fills the sink's buffer. */
  private async startLogs(): Promise<void> {
    const { config, log, logSink } = this.options;
    if (!config.logs.enabled) return;
    const store = createLogStore(config);
    await store.start().catch(() => undefined);
    this.logs = store;
    this.running.push({ name: 'log store', stop: () => store.stop() });
    if (!logSink) return;
    logSink.attach(store, log.child({ component: 'logs' }));
    this.running.push({ name: 'log sink', stop: () => logSink.detach() });
    this.health.register('logs', () => logSink.health());
  }

  /**
   * The broker (options, else the Supervisor's MQTT service) and Home Assistant discovery and states.
   * Best effort: a missing or unreachable broker never blocks recording.
   */
  private async startHomeAssistant(
    localDb: Database.Database,
    repository: ClipRepository,
    arming: CameraArmingStore,
    signal: AbortSignal,
  ): Promise<void> {
    const { config, log } = this.options;
    const haLog = log.child({ component: 'ha' });
    const supervisor = SupervisorClient.fromEnv(process.env, haLog);
    this.supervisor = supervisor;
    const broker = await resolveBroker(config.mqtt, supervisor, haLog, signal);
    if (broker.mqtt.url === '') {
      haLog.info({ event_type: 'ha.no_broker' }, 'no MQTT broker configured: Home Assistant entities are off');
      return;
    }
    const { url, username, password, topicPrefix: topicPrefix } = broker.mqtt;
    const mqtt = new MqttConnection({ url, username, password, topicPrefix, log: log.child({ component: 'mqtt' }) });
    this.mqtt = mqtt;
    await mqtt.start(signal);
    this.running.push({ name: 'mqtt', stop: () => mqtt.stop() });
    this.health.register('mqtt', () => mqtt.health());
    const ledger = new SpendLedger(localDb);
    const bridge = new HomeAssistantBridge({
      link: mqtt,
      bus: this.bus,
      log: haLog,
      cameras: config.cameras.map((c) => c.name),
      discovery: await discoverySettings(config, VERSION, supervisor, haLog, signal),
      mediaDir: config.mediaDir,
      ffmpeg: this.tools.ffmpeg,
      sources: {
        arming,
        health: () => this.health.report(),
        countClipsSince: (camera, since) => repository.countClips({ camera, from: since.toISOString() }),
        vlmSpend: async (now) => ledger.monthToDate(now).costUsd,
        ...(this.latency ? { alertLatency: this.latency } : {}),
      },
    });
    await bridge.start(signal);
    this.running.push({ name: 'home assistant', stop: () => bridge.stop() });
  }

  /** Detector, analyzer, alert policy, notifiers, off-site copy: each optional, each failing soft. */
  private async startStageParts(signal: AbortSignal): Promise<Omit<StageParts, 'library'>> {
    const { config, log } = this.options;
    let detector: ObjectDetector | null = null;
    if (config.detector.enabled) {
      const onnx = new OnnxDetector({
        config: config.detector,
        dataDir: config.dataDir,
        tools: this.tools,
        log: log.child({ component: 'detector' }),
      });
      await onnx.start(signal);
      this.running.push({ name: 'detector', stop: () => onnx.stop() });
      this.health.register('detector', () => onnx.health());
      detector = onnx;
    }
    let offsite: OffsiteStorage | null = null;
    if (config.offsite.backend === 'dropbox') {
      const dropbox = config.offsite.dropbox;
      const storage = new DropboxStorage({
        config: dropbox,
        endpoints: { api: dropbox.apiUrl, content: dropbox.contentUrl },
        log: log.child({ component: 'offsite' }),
      });
      await storage.start();
      this.running.push({ name: 'offsite', stop: () => storage.stop() });
      this.health.register('offsite', () => storage.health());
      offsite = storage;
      this.offsite = storage;
    }
    return { detector, offsite, ...(await this.startAlerting(signal)) };
  }

  /** VLM analyzer (when enabled), alert policy, and the notifiers behind the durable outbox (each optional). */
  private async startAlerting(signal: AbortSignal): Promise<Pick<StageParts, 'analyzer' | 'policy' | 'outbox'>> {
    const { config, log } = this.options;
    const localDb = this.localDb;
    const repository = this.repository;
    if (!localDb || !repository) throw new Error('the local database and repository start before alerting');
    let analyzer: OpenAiAnalyzer | null = null;
    if (config.analyzer.enabled) {
      const cameras = config.cameras.map((c) => ({ name: c.name, context: c.context }));
      analyzer = new OpenAiAnalyzer({
        config: config.analyzer,
        cameras,
        ledger: new SpendLedger(localDb),
        tools: this.tools,
        log: log.child({ component: 'analyzer' }),
      });
      await analyzer.start(signal);
      const started = analyzer;
      this.running.push({ name: 'analyzer', stop: () => started.stop() });
      this.health.register('analyzer', () => started.health());
    }
    const arming = this.arming ?? new CameraArmingStore(localDb, this.bus);
    const policy = new DefaultAlertPolicy({
      config: config.alerts,
      triggerLabels: config.detector.triggerLabels,
      arming,
      cooldown: new CooldownTracker(localDb),
      log: log.child({ component: 'alerts' }),
    });
    const notifiers = this.notifiers();
    if (notifiers.length === 0) return { analyzer, policy, outbox: null };
    const outbox = new OutboxNotifications({
      db: localDb,
      repository,
      notifiers,
      config: config.notify,
      log: log.child({ component: 'notify' }),
    });
    await outbox.start(signal);
    this.running.push({ name: 'notifications', stop: () => outbox.stop() });
    this.health.register('notify', () => outbox.health());
    return { analyzer, policy, outbox };
  }

  /** MQTT alert feed (with a broker), email (when enabled), Home Assistant event (in the add-on). */
  private notifiers(): Notifier[] {
    const { config, log } = this.options;
    const notifyLog = log.child({ component: 'notify' });
    const notifiers: Notifier[] = [];
    if (this.mqtt && config.notify.mqttAlerts)
      notifiers.push(new MqttAlertNotifier({ link: this.mqtt, topicPrefix: this.mqtt.topicPrefix }));
    const email = config.notify.email;
    if (email.enabled) {
      const transport: EmailTransport =
        email.transport === 'smtp'
          ? new SmtpTransport({ smtp: email.smtp, log: notifyLog })
          : new SendgridTransport({ sendgrid: email.sendgrid, log: notifyLog });
      this.running.push({ name: 'email transport', stop: async () => transport.close?.() });
      notifiers.push(new EmailNotifier({ config: email, transport, mediaDir: config.mediaDir }));
    }
    if (this.supervisor && config.notify.haEvents) notifiers.push(new HaEventNotifier({ events: this.supervisor }));
    return notifiers;
  }

  /** Durable queue, intake and the stage runner; resumes every clip that was not done. */
  private async startPipeline(localDb: Database.Database, repository: ClipRepository, parts: Omit<StageParts, 'library'>): Promise<void> {
    const { config, log } = this.options;
    const jobs = new PipelineJobs(localDb);
    const pipelineLog = log.child({ component: 'pipeline' });
    let deferred: DeferredUploads | null = null;
    const pipeline: ClipPipeline = new ClipPipeline({
      repository,
      jobs,
      handlers: createStageHandlers({ ...parts, library: this.library }),
      library: this.library,
      config: config.pipeline,
      recoverIntake: (job) => intake.recover(job),
      onUploadDeferred: (clipId) => deferred?.schedule(clipId),
      log: pipelineLog,
    });
    const intake: ClipIntakeService = new ClipIntakeService({
      cameras: new Set(config.cameras.map((c) => c.name)),
      repository,
      jobs,
      library: this.library,
      tools: this.tools,
      transaction: (fn) => localDb.transaction(fn)(),
      onStored: (clipId) => pipeline.enqueue(clipId),
      workers: config.pipeline.intakeWorkers,
      log: log.child({ component: 'intake' }),
    });
    this.jobs = jobs;
    this.intake = intake;
    this.pipeline = pipeline;
    await pipeline.start();
    this.running.push({ name: 'pipeline', stop: () => pipeline.stop() });
    if (parts.offsite) {
      const uploads = new DeferredUploads(localDb, (clipId) => pipeline.retryUpload(clipId), pipelineLog);
      deferred = uploads;
      uploads.start();
      this.running.push({ name: 'deferred uploads', stop: () => uploads.stop() });
    }
  }

  /** Puts a stored clip back on the durable queue; it resumes at its first stage without a record (cleanup). */
  requeue(clipId: string): void {
    const { jobs, pipeline } = this;
    if (!jobs || !pipeline) throw new Error('the pipeline is not running');
    jobs.add(clipId, '', false);
    jobs.stored(clipId);
    pipeline.enqueue(clipId);
  }

  /** One source per enabled camera; a source never throws for an offline camera. */
  private async startSources(signal: AbortSignal): Promise<void> {
    const { config, log } = this.options;
    const intake = this.intake;
    if (!intake) return;
    for (const camera of config.cameras) {
      if (!camera.enabled) continue;
      const sourceLog = log.child({ component: 'source', camera: camera.name });
      let source: ClipSource | null = null;
      switch (camera.source) {
        case 'folder':
          source = new FolderSource({
            camera: camera.name,
            folder: camera.path ?? join(config.dataDir, 'inbox', camera.name),
            intake,
            bus: this.bus,
            log: sourceLog,
          });
          break;
        case 'rtsp':
          source = new RtspSource({
            camera,
            workDir: join(config.dataDir, 'rtsp', camera.name),
            intake,
            bus: this.bus,
            tools: this.tools,
            log: sourceLog,
          });
          break;
        case 'ftp':
          break; // one FTP server serves every FTP camera, below
      }
      if (source) await this.startSource(source, signal);
    }
    const ftpCameras = config.cameras.filter((c): c is FtpCameraConfig => c.source === 'ftp' && c.enabled);
    if (ftpCameras.length) {
      const ftp = new FtpSource({
        cameras: ftpCameras,
        config: config.ftp,
        stagingDir: join(config.dataDir, 'ftp'),
        intake,
        bus: this.bus,
        log: log.child({ component: 'source', source: 'ftp' }),
      });
      this.ftp = ftp;
      await this.startSource(ftp, signal);
    }
  }

  private async startSource(source: ClipSource, signal: AbortSignal): Promise<void> {
    await source.start(signal);
    this.running.push({ name: `source ${source.camera}`, stop: () => source.stop() });
  }

  /** Retention by age and size from the media folder itself, never touching clips in the pipeline. */
  private startRetention(repository: ClipRepository): void {
    const { config, log } = this.options;
    const jobs = this.jobs;
    const retention = new Retention({
      config: config.retention,
      mediaDir: config.mediaDir,
      isInFlight: (clipId) => jobs?.contains(clipId) ?? false,
      onDeleted: (clip, reason) => repository.recordDeletion(clip.clipId, clip.camera, reason),
      log: log.child({ component: 'retention' }),
    });
    retention.start();
    this.retention = retention;
    this.running.push({ name: 'retention', stop: () => retention.stop() });
  }

  /** What the dashboard shows per camera: online state, last clip, armed. */
  private async startCameraTracker(repository: ClipRepository, arming: CameraArmingStore): Promise<CameraStatusTracker> {
    const { config, log } = this.options;
    const cameras = new CameraStatusTracker({
      cameras: config.cameras,
      bus: this.bus,
      arming,
      clips: repository,
      log: log.child({ component: 'http' }),
    });
    await cameras.start();
    this.running.push({ name: 'camera status', stop: () => cameras.stop() });
    return cameras;
  }

  /** Storage counter, REST API, socket.io gateway and the HTTP listener (started last). */
  private async startDashboard(repository: ClipRepository, arming: CameraArmingStore, cameras: CameraStatusTracker): Promise<void> {
    const { config, log } = this.options;
    const httpLog = log.child({ component: 'http' });
    const storage = new StorageUsage({ mediaDir: config.mediaDir, bus: this.bus, log: httpLog });
    storage.start();
    this.storageUsage = storage;
    this.running.push({ name: 'storage usage', stop: () => storage.stop() });

    // The analyzer's spend ledger (local SQLite): what the month's VLM calls cost so far.
    const ledger = this.localDb ? new SpendLedger(this.localDb) : null;
    const recentLatency = this.latency;
    const api = apiRouters({
      clips: repository,
      health: this.health,
      cameras,
      arming,
      storage,
      mediaDir: config.mediaDir,
      spendThisMonthUsd: () => ledger?.monthToDate(new Date()).costUsd ?? 0,
      monthlyBudgetUsd: config.analyzer.monthlyBudgetUsd,
      analyzerEnabled: config.analyzer.enabled,
      ...(recentLatency ? { latency: () => recentLatency.summary() } : {}),
      ...(this.metrics ? { metrics: this.metrics } : {}),
      ...(this.logs ? { logs: this.logs } : {}),
    });
    const http = new HttpServer(config.http, createHttpApp([...api, webAssetRoutes(this.options.webDir ?? defaultWebDir())], log), httpLog);
    const gateway = new SocketGateway({
      server: http.server,
      bus: this.bus,
      clips: repository,
      cameras,
      ingressOnly: config.http.ingressOnly,
      log: httpLog,
    });
    gateway.start();
    this.socketGateway = gateway;
    this.running.push({ name: 'socket gateway', stop: () => gateway.stop() });
    await http.start();
    this.http = http;
    this.running.push({ name: 'http', stop: () => http.stop() });
  }

  /** Stops parts in reverse start order, each bounded in time; safe to call twice. */
  stop(): Promise<void> {
    this.stopping ??= this.stopParts();
    return this.stopping;
  }

  private async stopParts(): Promise<void> {
    for (const part of this.running.reverse()) {
      const timedOut = await withTimeout(part.stop(), STOP_TIMEOUT_MS).catch((e: unknown) => {
        this.options.log.error({ event_type: 'app.stop_failed', part: part.name, err: e }, `stopping ${part.name} failed`);
        return false;
      });
      if (timedOut === 'timeout')
        this.options.log.warn({ event_type: 'app.stop_timeout', part: part.name }, `stopping ${part.name} timed out`);
    }
    this.running.length = 0;
  }
}

function ensureWritableDir(path: string, key: string): void {
  try {
    mkdirSync(path, { recursive: true });
    accessSync(path, constants.W_OK);
  } catch (e) {
    throw new Error(`${key}: ${path} is not a writable folder (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`, {
      cause: e,
    });
  }
}

function mediaHealth(mediaDir: string): { status: 'healthy' | 'unhealthy'; message: string } {
  try {
    accessSync(mediaDir, constants.W_OK);
    return { status: 'healthy', message: mediaDir };
  } catch (e) {
    return {
      status: 'unhealthy',
      message: `${mediaDir} is not writable (${(e as NodeJS.ErrnoException).code ?? 'error'}): clips cannot be stored`,
    };
  }
}

function throwIfAborted(signal: AbortSignal): void {
  if (signal.aborted) throw new Error('start-up aborted');
}

async function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T | 'timeout'> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<'timeout'>((resolve) => {
    timer = setTimeout(() => resolve('timeout'), ms);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
