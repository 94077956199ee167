import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startMosquitto, type MosquittoBroker } from '../../support/mosquitto.js';
import { REPO_DIR } from '../../support/paths.js';
import { startFakeSupervisor, type FakeSupervisor } from '../../support/servers/fake-supervisor-server.js';
import { makeTempDir } from '../../support/temp-dir.js';
import { readAddonConfig } from '../../unit/addon/addon-files.js';
import { RawRecorder, retainedOn } from './ha-harness.js';

const CLI = join(REPO_DIR, 'server', 'bin', 'homesec.js');
const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

interface AddonProcess {
  readonly child: ChildProcess;
  readonly output: string[];
  readonly exited: Promise<number | null>;
}

/**
 * Starts `homesec run` as the s6 service would in the add-on: options.json from the Supervisor in a
 * temporary /data, SUPERVISOR_TOKEN and the Supervisor's URL in the environment, nothing else.
 */
async function startAsAddon(supervisor: FakeSupervisor): Promise<AddonProcess> {
  const tmp = makeTempDir('homesec-addon-');
  cleanups.push(() => tmp.remove());
  const data = join(tmp.path, 'data');
  const inbox = join(tmp.path, 'inbox');
  mkdirSync(data, { recursive: true });
  mkdirSync(inbox, { recursive: true });
  // What the Supervisor writes: the add-on defaults merged with the user's options.
  const defaults = readAddonConfig().options;
  const options = {
    ...defaults,
    cameras: [{ name: 'front_door', source: 'folder', path: inbox }],
    detector: { ...(defaults.detector as object), enabled: false },
  };
  writeFileSync(join(data, 'options.json'), JSON.stringify(options));
  const output: string[] = [];
  const child = spawn(process.execPath, [CLI, 'run'], {
    cwd: tmp.path,
    env: {
      PATH: process.env.PATH ?? '',
      HOME: tmp.path,
      ORT_DISABLE_TELEMETRY: '1',
      SUPERVISOR_TOKEN: supervisor.token,
      SUPERVISOR_URL: supervisor.url,
      HOMESEC_OPTIONS_PATH: join(data, 'options.json'),
      // /data and /media are the Supervisor's mounts; here they are temporary folders.
      HOMESEC_DATA_DIR: data,
      HOMESEC_MEDIA_DIR: join(tmp.path, 'media', 'homesec'),
      HOMESEC_HTTP__PORT: '0',
      HOMESEC_HTTP__HOST: '127.0.0.1',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout?.on('data', (chunk: Buffer) => output.push(chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => output.push(chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
  cleanups.push(() => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  });
  return { child, output, exited };
}

/** Resolves once the process has logged that it finished starting. */
function started(addon: AddonProcess): Promise<void> {
  return new Promise((resolve, reject) => {
    const check = () => {
      if (!addon.output.join('').includes('"event_type":"app.started"')) return;
      clearTimeout(timer);
      resolve();
    };
    const timer = setTimeout(() => reject(new Error(`not started within 30 s:\n${addon.output.join('')}`)), 30_000);
    addon.child.stdout?.on('data', check);
    addon.exited.then((code) => reject(new Error(`exited with ${code}:\n${addon.output.join('')}`)), reject);
    check();
  });
}

async function setup(): Promise<{ broker: MosquittoBroker; supervisor: FakeSupervisor; r: RawRecorder }> {
  const broker = await startMosquitto();
  cleanups.push(() => broker.close());
  const supervisor = await startFakeSupervisor();
  cleanups.push(() => supervisor.close());
  supervisor.reply('GET', '/services/mqtt', {
    kind: 'ok',
    data: {
      host: '127.0.0.1',
      port: broker.port,
      ssl: false,
      protocol: '3.1.1',
      username: 'addons',
      password: 'mosquitto-pw',
      addon: 'core_mosquitto',
    },
  });
  const r = await RawRecorder.start(broker.url);
  cleanups.push(() => r.close());
  return { broker, supervisor, r };
}

describe('HomeSec started as the add-on', () => {
  it('takes its options from options.json and its broker from the Supervisor, and announces itself', async () => {
    // Given a Supervisor that provides the MQTT service of a real broker
    const { broker, supervisor, r } = await setup();

    // When HomeSec starts as the add-on would
    const addon = await startAsAddon(supervisor);

    // Then it connects to that broker and announces the hub and the camera from options.json
    const hub = await r
      .waitFor('homeassistant/device/homesec/config', (ms) => ms.length >= 1, 'the hub config')
      .catch((e: Error) => {
        throw new Error(`${e.message}\n${addon.output.join('')}`);
      });
    await r.waitFor('homeassistant/device/homesec_front_door/config', (ms) => ms.length >= 1, 'the camera config');
    expect(JSON.parse(hub[0]?.payload.toString() ?? '{}').device).toMatchObject({
      model: 'Add-on',
      configuration_url: 'homeassistant://hassio/ingress/local_homesec',
    });
    expect((await retainedOn(broker.url, 'homesec/status')).get('homesec/status')?.toString()).toBe('online');
    // And it asked the Supervisor with its token, never logging the token or the broker password
    expect(supervisor.requests.map((q) => `${q.method} ${q.path}`)).toEqual(
      expect.arrayContaining(['GET /services/mqtt', 'GET /addons/self/info']),
    );
    expect(supervisor.requests.every((q) => q.authorization === `Bearer ${supervisor.token}`)).toBe(true);
    const logs = addon.output.join('');
    expect(logs).toContain('"event_type":"ha.mqtt_service"');
    expect(logs).not.toContain(supervisor.token);
    expect(logs).not.toContain('mosquitto-pw');
    expect(r.check().problems).toStrictEqual([]);
  });

  it('goes offline through its last will when killed, and says offline itself on SIGTERM', async () => {
    // Given HomeSec running as the add-on
    const { broker, supervisor, r } = await setup();
    const first = await startAsAddon(supervisor);
    await r.waitForPayload('homesec/status', 'online');

    // When it is killed without a goodbye
    const seen = r.on('homesec/status').length;
    first.child.kill('SIGKILL');
    await first.exited;

    // Then the broker publishes its last will: status offline, retained
    await r.waitForPayload('homesec/status', 'offline', seen);
    expect((await retainedOn(broker.url, 'homesec/status')).get('homesec/status')?.toString()).toBe('offline');

    // When it runs again and the Supervisor stops it (SIGTERM)
    const online = r.on('homesec/status').length;
    const second = await startAsAddon(supervisor);
    await started(second);
    await r.waitForPayload('homesec/status', 'online', online);
    const beforeStop = r.on('homesec/status').length;
    second.child.kill('SIGTERM');

    // Then it exits cleanly and its status is offline
    expect(await second.exited).toBe(0);
    await r.waitForPayload('homesec/status', 'offline', beforeStop);
    expect((await retainedOn(broker.url, 'homesec/status')).get('homesec/status')?.toString()).toBe('offline');
  });
});
