import type { Response } from 'express';
import type { CameraRegions } from '../config/camera-regions.js';
import { appendCameraToYamlFile } from '../config/yaml-camera-append.js';
import { setRegionsInYamlFile } from '../config/yaml-regions-edit.js';
import type { Logger } from '../core/logger.js';
import { err, ok, type Result } from '../core/result.js';
import { appendCameraToAddonOptions } from '../ha/addon-camera-options.js';
import { setRegionsInAddonOptions } from '../ha/addon-regions-options.js';
import { SupervisorClient } from '../ha/supervisor-client.js';

/**
 * Where the dashboard writes a change to the configuration: the add-on's options through the
 * Supervisor (then the add-on restarts to apply them), or the YAML file HomeSec was started with
 * (comments kept; the user restarts HomeSec). Null when HomeSec runs on its embedded defaults.
 */
export type ConfigWriter =
  | {
      readonly kind: 'addon';
      append(camera: Readonly<Record<string, unknown>>): Promise<Result<void, string>>;
      /** Replaces one camera's motion mask polygons and zones. */
      setRegions(camera: string, regions: CameraRegions): Promise<Result<void, string>>;
      restart(): Promise<Result<void, string>>;
    }
  | {
      readonly kind: 'file';
      readonly path: string;
      append(camera: Readonly<Record<string, unknown>>): Promise<Result<void, string>>;
      setRegions(camera: string, regions: CameraRegions): Promise<Result<void, string>>;
    };

/**
 * The add-on's Supervisor when HomeSec runs as one, else the config file, else nothing. Build it once
 * for every route: each change reads the whole config, edits it and writes it back, so two at once
 * (a zone save while the wizard adds a camera) would lose one; here they take turns.
 */
export function buildConfigWriter(configFile: string | null, log: Logger, env: NodeJS.ProcessEnv = process.env): ConfigWriter | null {
  const supervisor = SupervisorClient.fromEnv(env, log);
  const inTurn = oneAtATime();
  if (supervisor)
    return {
      kind: 'addon',
      append: (camera) => inTurn(() => appendCameraToAddonOptions(supervisor, camera)),
      setRegions: (camera, regions) => inTurn(() => setRegionsInAddonOptions(supervisor, camera, regions)),
      restart: async () => {
        const restarted = await supervisor.restartAddon();
        return restarted.ok ? ok(undefined) : err(restarted.error.message);
      },
    };
  if (configFile)
    return {
      kind: 'file',
      path: configFile,
      append: (camera) => inTurn(() => appendCameraToYamlFile(configFile, camera)),
      setRegions: (camera, regions) => inTurn(() => setRegionsInYamlFile(configFile, camera, regions)),
    };
  return null;
}

/** Runs the jobs given to it one after another; one that fails or throws does not stop the next. */
export function oneAtATime(): <T>(job: () => Promise<T>) => Promise<T> {
  let tail: Promise<unknown> = Promise.resolve();
  return <T>(job: () => Promise<T>): Promise<T> => {
    const run = tail.then(job);
    tail = run.catch(() => undefined);
    return run;
  };
}

/** In the add-on, restarts it once the answer has gone out (the restart stops this process). */
export function restartAfterAnswer(res: Response, writer: ConfigWriter, log: Logger): void {
  if (writer.kind !== 'addon') return;
  res.once('finish', () => {
    const failed = (reason: string) => log.error({ event_type: 'config.restart_failed', reason }, 'the add-on did not restart');
    writer.restart().then(
      (restarted) => (restarted.ok ? undefined : failed(restarted.error)),
      (e: unknown) => failed(String(e)),
    );
  });
}
