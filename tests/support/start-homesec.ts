import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { HomesecApp, type HomesecCore, type HomesecOptions, type HomesecService } from '../../server/src/app.js';
import { loadConfig } from '../../server/src/config/load-config.js';
import type { HomesecConfig } from '../../server/src/config/schema.js';
import type { Clip } from '../../server/src/core/clip.js';
import { createLogger } from '../../server/src/logging/logger.js';
import { LogCapture } from './log-capture.js';
import { makeTempDir } from './temp-dir.js';

export interface StartedHomesec<T extends HomesecCore = HomesecService> {
  /** The running app's parts (repository, pipeline, media, ...). */
  readonly app: T;
  readonly config: HomesecConfig;
  readonly dir: string;
  /** Base URL of the dashboard and API (127.0.0.1, a free port). */
  readonly url: string;
  readonly logs: LogCapture;
  /** Stops the app; the temp folder stays for a restart with `restart()`. */
  stop(): Promise<void>;
  /** Stops and removes the temp folder. */
  close(): Promise<void>;
}

export interface StartOptions {
  /** Reuse this folder (a restart after a crash). */
  readonly dir?: string;
  readonly webDir?: string;
}

/**
 * Starts the real app (app.ts) on a temp data folder with a config built from defaults and
 * `overrides` (YAML keys), through the real config loader. Detection is off unless a test turns it on.
 */
export function startHomesec(overrides: Record<string, unknown> = {}, options: StartOptions = {}): Promise<StartedHomesec> {
  return startWith(HomesecApp.service, overrides, options);
}

/** Starts only the pipeline and its state, as `homesec process` and `cleanup --apply` do (no sources, no dashboard). */
export function startHomesecCore(
  overrides: Record<string, unknown> = {},
  options: StartOptions = {},
): Promise<StartedHomesec<HomesecCore>> {
  return startWith(HomesecApp.oneshot, overrides, options);
}

async function startWith<T extends HomesecCore>(
  create: (options: HomesecOptions) => HomesecApp<T>,
  overrides: Record<string, unknown>,
  options: StartOptions,
): Promise<StartedHomesec<T>> {
  const temp = options.dir ? null : makeTempDir('homesec-app-');
  const dir = options.dir ?? temp?.path ?? '';
  const config = loadTestConfig(dir, overrides);
  const logs = new LogCapture();
  const app = create({ config, log: createLogger('debug', logs), ...(options.webDir ? { webDir: options.webDir } : {}) });
  const running = await app.start(new AbortController().signal);
  const http = (running as Partial<HomesecService>).http;
  return {
    app: running,
    config,
    dir,
    url: http ? `http://127.0.0.1:${http.port()}` : '',
    logs,
    stop: () => app.stop(),
    close: async () => {
      await app.stop();
      temp?.remove();
    },
  };
}

/**
 * Writes `<dir>/config.yaml` from test defaults (temp data folder, a free port on loopback, one
 * folder camera, detection off) and `overrides`, and loads it through the real config loader.
 */
export function loadTestConfig(dir: string, overrides: Record<string, unknown> = {}): HomesecConfig {
  const doc = {
    data_dir: join(dir, 'data'),
    log_level: 'debug',
    http: { host: '127.0.0.1', port: 0 },
    cameras: [{ name: 'front_door', source: 'folder', path: join(dir, 'inbox', 'front_door') }],
    detector: { enabled: false },
    ...overrides,
  };
  mkdirSync(dir, { recursive: true });
  const configPath = join(dir, 'config.yaml');
  writeFileSync(configPath, stringify(doc));
  const loaded = loadConfig({ configPath, env: {} });
  if (!loaded.ok) throw new Error(`test config is not valid:\n${loaded.error.problems.join('\n')}`);
  return loaded.value.config;
}

/** Resolves with the first clip state for which `predicate` holds, from the bus; rejects after `timeoutMs`. */
export function waitForClip(app: Pick<HomesecCore, 'bus'>, predicate: (clip: Clip) => boolean, timeoutMs = 30_000): Promise<Clip> {
  return new Promise((resolve, reject) => {
    const owner = {};
    const timer = setTimeout(() => {
      app.bus.off(owner);
      reject(new Error(`no clip matched within ${timeoutMs} ms`));
    }, timeoutMs);
    app.bus.on(owner, 'clip.recorded', (clip) => {
      if (!predicate(clip)) return;
      clearTimeout(timer);
      app.bus.off(owner);
      resolve(clip);
    });
  });
}
