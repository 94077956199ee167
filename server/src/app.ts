import type Database from 'better-sqlite3';
import { mkdirSync, accessSync, constants } from 'node:fs';
import type { HomesecConfig } from './config/schema.js';
import type { ClipStore } from './core/clip-store.js';
import { EventBus } from './core/event-bus.js';
import { HealthRegistry } from './health/health-registry.js';
import { createHttpApp } from './http/create-http-app.js';
import { HttpServer } from './http/http-server.js';
import { healthRoutes } from './http/routes/health-routes.js';
import { defaultWebDir, webAssetRoutes } from './http/web-assets.js';
import type { Logger } from './logging/logger.js';
import { ClipRepository } from './store/clip-repository.js';
import { createClipStore } from './store/create-clip-store.js';
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
  private localDb: Database.Database | null = null;
  private readonly running: RunningPart[] = [];
  private stopping: Promise<void> | null = null;

  constructor(private readonly options: HomesecAppOptions) {
    this.bus = new EventBus(options.log);
  }

  /** Starts every part; a P0 failure (data or media folder, local queue) rejects with one clear message. */
  async start(signal: AbortSignal): Promise<void> {
    const { config, log } = this.options;
    ensureWritableDir(config.data_dir, 'data_dir');
    ensureWritableDir(config.media_dir, 'media_dir');

    const localDb = openLocalDb(config.data_dir);
    this.localDb = localDb;
    this.running.push({ name: 'local database', stop: async () => {
        localDb.close();
      } });

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
    this.health.register('media', () => mediaHealth(config.media_dir));
    throwIfAborted(signal);

    const http = new HttpServer(
      config.http,
      createHttpApp([healthRoutes(this.health), webAssetRoutes(this.options.webDir ?? defaultWebDir())], log),
      log.child({ component: 'http' }),
    );
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
      if (timedOut === 'timeout') this.options.log.warn({ event_type: 'app.stop_timeout', part: part.name }, `stopping ${part.name} timed out`);
    }
    this.running.length = 0;
  }
}

function ensureWritableDir(path: string, key: string): void {
  try {
    mkdirSync(path, { recursive: true });
    accessSync(path, constants.W_OK);
  } catch (e) {
    throw new Error(`${key}: ${path} is not a writable folder (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`, { cause: e });
  }
}

function mediaHealth(mediaDir: string): { status: 'healthy' | 'unhealthy'; message: string } {
  try {
    accessSync(mediaDir, constants.W_OK);
    return { status: 'healthy', message: mediaDir };
  } catch (e) {
    return { status: 'unhealthy', message: `${mediaDir} is not writable (${(e as NodeJS.ErrnoException).code ?? 'error'}): clips cannot be stored` };
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
