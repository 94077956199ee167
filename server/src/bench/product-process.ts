import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { stringify } from 'yaml';

const SERVER_DIR = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

/** HomeSec as users run it (`npm start`: node on the build), in its own process. */
export interface ProductProcess {
  readonly pid: number;
  stop(): Promise<void>;
}

/** Compiles the server (tsc), so what is measured is the current source as `node server/dist/main.js` runs it. */
export function buildServer(): void {
  const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
  const built = spawnSync(process.execPath, [tsc, '-p', join(SERVER_DIR, 'tsconfig.json')], { encoding: 'utf8' });
  if (built.status !== 0) throw new Error(`the server does not build: ${built.stdout}${built.stderr}`);
}

/** Writes `settings` (YAML keys) as `<dir>/config.yaml` and runs `homesec run` on it; resolves once it has started. */
export function startProductProcess(dir: string, settings: Record<string, unknown>): Promise<ProductProcess> {
  mkdirSync(dir, { recursive: true });
  const config = join(dir, 'config.yaml');
  writeFileSync(config, stringify({ data_dir: join(dir, 'data'), log_level: 'info', http: { host: '127.0.0.1', port: 0 }, ...settings }));
  // The Node flags `npm start` and the add-on's run script use (a 4 MB semi-space for the young generation).
  const child = spawn(process.execPath, ['--max-semi-space-size=4', join(SERVER_DIR, 'dist', 'main.js'), 'run', '--config', config], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return new Promise((resolve, reject) => {
    let output = '';
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`homesec run did not say it started within 60 s:\n${output.slice(-3000)}`));
    }, 60_000);
    const onData = (chunk: Buffer) => {
      output = (output + chunk.toString('utf8')).slice(-20_000);
      if (!output.includes('"event_type":"app.started"') || child.pid === undefined) return;
      clearTimeout(timer);
      child.stdout.off('data', onData);
      child.stdout.resume();
      resolve({
        pid: child.pid,
        stop: async () => {
          if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
          await exited;
        },
      });
    };
    child.stdout.on('data', onData);
    child.stderr.resume();
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`homesec run exited with ${code} before it started:\n${output.slice(-3000)}`));
    });
  });
}
