import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { REPO_DIR } from '../../support/paths.js';
import { makeTempDir } from '../../support/temp-dir.js';

const CLI = join(REPO_DIR, 'server', 'bin', 'homesec.js');
const START_TIMEOUT_MS = 60_000;
const STOP_DEADLINE_MS = 20_000;

/** `homesec run` in a process of its own: a crash ends it, as it would end the service (the process guard exits). */
export interface HomesecProcess {
  readonly dir: string;
  /** Base URL of the dashboard, from its `http.listening` record. */
  readonly url: string;
  readonly httpPort: number;
  /** The FTP server's port, when FTP cameras are configured. */
  readonly ftpPort: number | null;
  /** True while the process runs. */
  alive(): boolean;
  /** The JSON log records it printed with this `event_type`. */
  records(eventType: string): Record<string, unknown>[];
  /** The last lines it printed (for failure messages). */
  tail(): string;
  /** SIGTERM, then SIGKILL if it is still running STOP_DEADLINE_MS later; says which ended it. */
  close(): Promise<'stopped' | 'killed'>;
}

/**
 * Starts `homesec run` on a temp data folder with the config `configFor(dir)` gives (YAML keys; data_dir,
 * the dashboard on a free loopback port, one folder camera `front_door` under `dir` and detection off
 * unless it says otherwise) and resolves
 * once it logged `app.started`.
 */
export async function startHomesecProcess(configFor: (dir: string) => Record<string, unknown>): Promise<HomesecProcess> {
  const temp = makeTempDir('homesec-hostile-');
  const configPath = join(temp.path, 'config.yaml');
  mkdirSync(join(temp.path, 'inbox'), { recursive: true });
  const defaults = {
    data_dir: join(temp.path, 'data'),
    log_level: 'info',
    detector: { enabled: false },
    http: { host: '127.0.0.1', port: 0 },
    cameras: [{ name: 'front_door', source: 'folder', path: join(temp.path, 'inbox', 'front_door') }],
  };
  writeFileSync(configPath, stringify({ ...defaults, ...configFor(temp.path) }));
  const child = spawn(process.execPath, [CLI, 'run', '--config', configPath], { stdio: ['ignore', 'pipe', 'pipe'] });
  const lines: string[] = [];
  const records: Record<string, unknown>[] = [];
  let partial = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    const text = partial + chunk.toString('utf8');
    const complete = text.split('\n');
    partial = complete.pop() ?? '';
    for (const line of complete) {
      lines.push(line);
      if (lines.length > 200) lines.shift();
      try {
        records.push(JSON.parse(line) as Record<string, unknown>);
      } catch {
        // not a log record
      }
    }
  });
  child.stderr?.on('data', (chunk: Buffer) => lines.push(chunk.toString('utf8')));
  const of = (eventType: string) => records.filter((r) => r.event_type === eventType);
  const tail = () => lines.slice(-40).join('\n');
  await waitForStart(child, () => of('app.started').length > 0, tail);
  const url = String(of('http.listening')[0]?.url ?? '');
  const ftp = of('ftp.listening')[0]?.port;
  return {
    dir: temp.path,
    url,
    httpPort: Number(new URL(url).port),
    ftpPort: typeof ftp === 'number' ? ftp : null,
    alive: () => child.exitCode === null && child.signalCode === null,
    records: of,
    tail,
    close: async () => {
      let ended: 'stopped' | 'killed' = 'stopped';
      if (child.exitCode === null && child.signalCode === null) {
        const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
        child.kill('SIGTERM');
        const timer = setTimeout(() => {
          ended = 'killed';
          child.kill('SIGKILL');
        }, STOP_DEADLINE_MS);
        await exited;
        clearTimeout(timer);
      }
      temp.remove();
      return ended;
    },
  };
}

function waitForStart(child: ChildProcess, started: () => boolean, tail: () => string): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`homesec run did not start within ${START_TIMEOUT_MS} ms:\n${tail()}`));
    }, START_TIMEOUT_MS);
    const onData = () => {
      if (!started()) return;
      clearTimeout(timer);
      child.stdout?.off('data', onData);
      resolve();
    };
    child.stdout?.on('data', onData);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`homesec run exited with ${code} before it started:\n${tail()}`));
    });
  });
}
