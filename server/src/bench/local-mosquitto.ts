import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { freePort } from './free-port.js';

const MOSQUITTO_PATHS = ['/usr/sbin/mosquitto', '/usr/bin/mosquitto', '/usr/local/sbin/mosquitto'];

export interface MosquittoBroker {
  readonly port: number;
  readonly url: string;
  /** (Re)starts the broker on the same port. */
  start(): Promise<void>;
  /** Stops the broker (SIGTERM) and waits until it is gone. */
  stop(): Promise<void>;
  /** Stops it and removes its temp folder. */
  close(): Promise<void>;
}

function mosquittoBinary(): string {
  const found = [process.env.MOSQUITTO_PATH, ...MOSQUITTO_PATHS].find((p): p is string => !!p && existsSync(p));
  if (!found) throw new Error('mosquitto is not installed: apt-get install mosquitto (or set MOSQUITTO_PATH)');
  return found;
}

/**
 * A real mosquitto on a free loopback port, anonymous. Persistent sessions survive a restart on the same
 * port, so a recording subscriber misses nothing while the broker was down. Run as root, mosquitto
 * would drop to the `mosquitto` user and fail to save its database in our temp folder: `user` keeps ours.
 */
export async function startMosquitto(): Promise<MosquittoBroker> {
  const binary = mosquittoBinary();
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), 'homesec-mosquitto-'));
  const conf = join(dir, 'mosquitto.conf');
  writeFileSync(
    conf,
    [
      `listener ${port} 127.0.0.1`,
      'allow_anonymous true',
      'persistence true',
      `user ${userInfo().username}`,
      `persistence_location ${dir}/`,
      'log_dest stderr',
      'log_type error',
      'log_type warning',
      'log_type notice',
      'log_type information',
    ].join('\n') + '\n',
  );
  let child: ChildProcess | null = null;

  const start = () =>
    new Promise<void>((resolve, reject) => {
      const proc = spawn(binary, ['-c', conf], { stdio: ['ignore', 'ignore', 'pipe'] });
      child = proc;
      let output = '';
      proc.stderr?.on('data', (chunk: Buffer) => {
        output += chunk.toString('utf8');
        if (/running/.test(output)) resolve();
      });
      proc.once('error', reject);
      proc.once('exit', (code) => reject(new Error(`mosquitto exited with ${code}: ${output}`)));
    });
  const stop = async () => {
    const proc = child;
    child = null;
    if (!proc || proc.exitCode !== null) return;
    const exited = new Promise<void>((resolve) => proc.once('exit', () => resolve()));
    proc.kill('SIGTERM');
    await exited;
  };
  await start();
  return {
    port,
    url: `mqtt://127.0.0.1:${port}`,
    start,
    stop,
    close: async () => {
      await stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
