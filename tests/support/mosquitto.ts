import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { userInfo } from 'node:os';
import { join } from 'node:path';
import mqtt, { type MqttClient } from 'mqtt';
import { makeTempDir } from './temp-dir.js';

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

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (address === null || typeof address === 'string') throw new Error('no free port');
  return address.port;
}

/**
 * A real mosquitto on a free loopback port, anonymous. Persistent sessions survive a restart on the same
 * port, so a recording subscriber misses nothing while the broker was down. Run as root, mosquitto
 * would drop to the `mosquitto` user and fail to save its database in our temp folder: `user` keeps ours.
 */
export async function startMosquitto(): Promise<MosquittoBroker> {
  const binary = mosquittoBinary();
  const port = await freePort();
  const dir = makeTempDir('homesec-mosquitto-');
  const conf = join(dir.path, 'mosquitto.conf');
  writeFileSync(
    conf,
    [
      `listener ${port} 127.0.0.1`,
      'allow_anonymous true',
      'persistence true',
      `user ${userInfo().username}`,
      `persistence_location ${dir.path}/`,
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
      dir.remove();
    },
  };
}

export interface RecordedMessage {
  readonly topic: string;
  readonly payload: string;
  readonly retain: boolean;
  readonly qos: number;
  /** Date.now() when the recorder got it. */
  readonly receivedAt: number;
}

export interface MqttRecorder {
  readonly messages: RecordedMessage[];
  /** Resolves with the messages on topics matching `topic` once there are `count` of them. */
  waitFor(topic: string, count: number, timeoutMs?: number): Promise<RecordedMessage[]>;
  close(): Promise<void>;
}

/** A subscriber with a persistent session that records every message on `filter`, across broker restarts. */
export async function recordMqtt(url: string, filter: string): Promise<MqttRecorder> {
  const client: MqttClient = await mqtt.connectAsync(url, {
    reconnectPeriod: 100,
    clean: false,
    clientId: `recorder_${Math.random().toString(16).slice(2, 10)}`,
  });
  await client.subscribeAsync(filter, { qos: 1 });
  const messages: RecordedMessage[] = [];
  const waiters: (() => void)[] = [];
  client.on('message', (topic, payload, packet) => {
    messages.push({ topic, payload: payload.toString('utf8'), retain: packet.retain, qos: packet.qos, receivedAt: Date.now() });
    for (const w of [...waiters]) w();
  });
  const matching = (topic: string) => messages.filter((m) => m.topic === topic);
  return {
    messages,
    waitFor: (topic, count, timeoutMs = 20_000) =>
      new Promise((resolve, reject) => {
        const check = () => {
          const found = matching(topic);
          if (found.length < count) return;
          clearTimeout(timer);
          waiters.splice(waiters.indexOf(check), 1);
          resolve(found);
        };
        const timer = setTimeout(() => {
          waiters.splice(waiters.indexOf(check), 1);
          reject(new Error(`timed out waiting for ${count} message(s) on ${topic}; got ${JSON.stringify(messages)}`));
        }, timeoutMs);
        waiters.push(check);
        check();
      }),
    close: () => client.endAsync(true),
  };
}
