import { spawn } from 'node:child_process';
import { createServer, type AddressInfo, type Socket } from 'node:net';
import { join } from 'node:path';
import mqtt from 'mqtt';
import { afterEach, describe, expect, it, onTestFailed } from 'vitest';
import { createLogger } from '../../../server/src/logging/logger.js';
import { MqttConnection } from '../../../server/src/mqtt/mqtt-connection.js';
import { REPO_DIR } from '../../support/paths.js';
import { recordingLogger } from '../detect/detect-harness.js';
import { recordMqtt, startMosquitto, type MosquittoBroker, type MqttRecorder } from '../../support/mosquitto.js';

const log = createLogger('silent');
const cleanups: (() => Promise<void>)[] = [];

afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function broker(): Promise<MosquittoBroker> {
  const b = await startMosquitto();
  cleanups.push(() => b.close());
  return b;
}

async function recorder(url: string, filter: string): Promise<MqttRecorder> {
  const r = await recordMqtt(url, filter);
  cleanups.push(() => r.close());
  return r;
}

function connection(url: string): MqttConnection {
  const c = new MqttConnection({ url, topicPrefix: 'homesec', log, reconnectMinMs: 100, reconnectMaxMs: 400, publishTimeoutMs: 2000 });
  cleanups.push(() => c.stop());
  return c;
}

function connected(c: MqttConnection): Promise<void> {
  return new Promise((resolve) => {
    if (c.isConnected()) resolve();
    else c.onConnect(resolve);
  });
}

/** `promise`, or an error naming what did not happen within `ms`. */
function within<T>(ms: number, promise: Promise<T>, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what}: not within ${ms} ms`)), ms);
  });
  return Promise.race([promise, late]).finally(() => clearTimeout(timer));
}

describe('MqttConnection', () => {
  it('starts while the broker is down, connects when it comes up and announces online (retained)', async () => {
    // Given a broker that is stopped when HomeSec starts
    const b = await broker();
    await b.stop();
    // (It once hung on a busy CI box: each step now has a deadline naming it, and the link's own log is printed.)
    const { log: linkLog, records } = recordingLogger();
    onTestFailed(() => console.log(`MQTT link log:\n${records.map((r) => JSON.stringify(r)).join('\n')}`));
    const c = new MqttConnection({
      url: b.url,
      topicPrefix: 'homesec',
      log: linkLog,
      reconnectMinMs: 100,
      reconnectMaxMs: 400,
      publishTimeoutMs: 2000,
    });
    cleanups.push(() => c.stop());
    const up = connected(c);

    // When the connection starts, then start returns at once without a connection
    await within(10_000, c.start(new AbortController().signal), 'start');
    expect(c.isConnected()).toBe(false);
    await expect(c.publish('homesec/test', 'x', { qos: 1, retain: false })).rejects.toThrow(/not connected/);

    // When the broker comes up
    await within(15_000, b.start(), 'the broker to start again');
    await within(15_000, up, 'the link to connect');

    // Then a new subscriber sees the retained "online"
    const r = await within(10_000, recorder(b.url, 'homesec/status'), 'the subscriber');
    const [status] = await within(10_000, r.waitFor('homesec/status', 1), 'the retained status');
    expect(status).toMatchObject({ payload: 'online', retain: true });
  });

  it('publishes retained "offline" on stop, and stop is safe twice', async () => {
    // Given a connected link
    const b = await broker();
    const c = connection(b.url);
    const up = connected(c);
    await c.start(new AbortController().signal);
    await up;

    // When it stops (twice)
    await c.stop();
    await c.stop();

    // Then the retained availability is "offline"
    const r = await recorder(b.url, 'homesec/status');
    const [status] = await r.waitFor('homesec/status', 1);
    expect(status).toMatchObject({ payload: 'offline', retain: true });
  });

  it('leaves a retained last will "offline" when the process dies without a goodbye', async () => {
    // Given a link connected from its own process
    const b = await broker();
    const r = await recorder(b.url, 'homesec/status');
    const child = spawn(process.execPath, ['--import', 'tsx', join(REPO_DIR, 'tests/support/mqtt-link-child.ts'), b.url], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    cleanups.push(async () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    });
    await new Promise<void>((resolve) => child.stdout.on('data', (d: Buffer) => d.toString().includes('connected') && resolve()));
    await r.waitFor('homesec/status', 1);

    // When the process is killed (no DISCONNECT is sent)
    child.kill('SIGKILL');

    // Then the broker publishes the will, and a late subscriber sees it retained
    const messages = await r.waitFor('homesec/status', 2);
    expect(messages.map((m) => m.payload)).toEqual(['online', 'offline']);
    const late = await recorder(b.url, 'homesec/status');
    const [retained] = await late.waitFor('homesec/status', 1);
    expect(retained).toMatchObject({ payload: 'offline', retain: true });
  });

  it('resubscribes after the broker restarts and announces online again', async () => {
    // Given a link subscribed to a command topic
    const b = await broker();
    const c = connection(b.url);
    const received: string[] = [];
    let onMessage: () => void = () => undefined;
    c.subscribe('homesec/+/set', (topic, payload) => {
      received.push(`${topic}=${payload.toString()}`);
      onMessage();
    });
    let connects = 0;
    let onConnects: () => void = () => undefined;
    c.onConnect(() => {
      connects += 1;
      onConnects();
    });
    const first = new Promise<void>((resolve) => (onConnects = () => connects >= 1 && resolve()));
    await c.start(new AbortController().signal);
    await first;

    // When the broker restarts
    const second = new Promise<void>((resolve) => (onConnects = () => connects >= 2 && resolve()));
    await b.stop();
    await b.start();
    await second;

    // Then a command published after the restart reaches the handler
    const got = new Promise<void>((resolve) => (onMessage = resolve));
    const sender = await mqtt.connectAsync(b.url);
    await sender.publishAsync('homesec/front_door/set', 'OFF', { qos: 1 });
    await got;
    await sender.endAsync();
    expect(received).toEqual(['homesec/front_door/set=OFF']);
  });

  it('rejects wildcard and empty publish topics', async () => {
    // Given a connected link
    const b = await broker();
    const c = connection(b.url);
    const up = connected(c);
    await c.start(new AbortController().signal);
    await up;

    // When publishing to wildcard topics, then each is refused
    await expect(c.publish('homesec/+/alerts', 'x', { qos: 0, retain: false })).rejects.toThrow(/wildcard|\+ or #/);
    await expect(c.publish('homesec/#', 'x', { qos: 0, retain: false })).rejects.toThrow(/\+ or #/);
    await expect(c.publish('', 'x', { qos: 0, retain: false })).rejects.toThrow(/empty/);
  });
  it('drops a client that has not connected for several reconnect periods and starts over with a new one', async () => {
    // Given a broker that accepts connections and never answers (frozen): mqtt.js would wait its 10 s connect timeout
    const sockets: Socket[] = [];
    const closed: Socket[] = [];
    const frozen = createServer((socket) => {
      sockets.push(socket);
      socket.on('close', () => closed.push(socket));
      socket.on('error', () => undefined);
      // Reads (and ignores) what the client sends, so the client's close reaches this side.
      socket.resume();
    });
    await new Promise<void>((resolve) => frozen.listen(0, '127.0.0.1', resolve));
    cleanups.push(async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => frozen.close(() => resolve()));
    });
    const port = (frozen.address() as AddressInfo).port;
    const { log, records } = recordingLogger();
    const c = new MqttConnection({
      url: `mqtt://127.0.0.1:${port}`,
      topicPrefix: 'homesec',
      log,
      reconnectMinMs: 100,
      reconnectMaxMs: 400,
    });
    cleanups.push(() => c.stop());

    // When it starts and no connection comes about for the stall period (5 s at these reconnect bounds)
    await c.start(new AbortController().signal);
    await expect.poll(() => records.some((r) => r.event_type === 'mqtt.client_replaced'), { timeout: 9000, interval: 100 }).toBe(true);

    // Then the stuck client's socket was closed and a new client connected to the broker again
    await expect.poll(() => sockets.length, { timeout: 3000, interval: 50 }).toBeGreaterThanOrEqual(2);
    await expect.poll(() => closed.includes(sockets[0] as Socket), { timeout: 3000, interval: 50 }).toBe(true);
    expect(c.isConnected()).toBe(false);
    expect(c.health()).toMatchObject({ status: 'degraded' });
  });
});
