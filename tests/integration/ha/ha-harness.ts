// Real parts for the Home Assistant bridge tests: mosquitto, the real MqttConnection, the real armed
// flags in a local SQLite file, and a raw recorder that keeps payload bytes and retain flags.
import mqtt, { type MqttClient } from 'mqtt';
import { SignalBus } from '../../../server/src/core/signal-bus.js';
import type { DiscoverySettings } from '../../../server/src/ha/discovery-builder.js';
import { HomeAssistantBridge, type HomeAssistantBridgeOptions } from '../../../server/src/ha/home-assistant-bridge.js';
import { HealthRegistry } from '../../../server/src/health/health-registry.js';
import { createLogger } from '../../../server/src/logging/logger.js';
import { MqttConnection } from '../../../server/src/mqtt/mqtt-connection.js';
import { topicMatches } from '../../../server/src/mqtt/topic-match.js';
import { CameraArmingStore } from '../../../server/src/cameras/camera-arming-store.js';
import { LocalSettings } from '../../../server/src/store/local-settings.js';
import { mediaFolder } from '../../../server/src/media/media-paths.js';
import { LocalDb } from '../../../server/src/store/local-db.js';
import { HaDiscoveryChecker, loadHaRules } from '../../support/ha-discovery-rules.js';
import { makeTempDir } from '../../support/temp-dir.js';

export const log = createLogger('silent');

export const SETTINGS: DiscoverySettings = {
  discoveryPrefix: 'homeassistant',
  topicPrefix: 'homesec',
  swVersion: '0.1.0',
  configurationUrl: 'homeassistant://hassio/ingress/local_homesec',
  triggerLabels: ['person'],
  hubModel: 'Add-on',
};

export interface Message {
  readonly topic: string;
  readonly payload: Buffer;
  readonly retain: boolean;
}

/** Records every message on `filter` with its bytes and retain flag; survives broker restarts. */
export class RawRecorder {
  readonly messages: Message[] = [];
  private readonly waiters = new Set<() => void>();

  private constructor(private readonly client: MqttClient) {
    client.on('message', (topic, payload, packet) => {
      this.messages.push({ topic, payload, retain: packet.retain });
      for (const w of [...this.waiters]) w();
    });
  }

  static async start(url: string, filter = '#'): Promise<RawRecorder> {
    // MQTT 5 with retain-as-published: a live subscriber then sees the retain flag the sender set.
    const client = await mqtt.connectAsync(url, {
      protocolVersion: 5,
      clean: false,
      properties: { sessionExpiryInterval: 600 },
      clientId: `raw_${Math.random().toString(16).slice(2, 10)}`,
      reconnectPeriod: 100,
    });
    const recorder = new RawRecorder(client);
    await client.subscribeAsync(filter, { qos: 1, rap: true });
    return recorder;
  }

  on(topic: string): Message[] {
    return this.messages.filter((m) => topicMatches(topic, m.topic));
  }

  last(topic: string): Message | undefined {
    return this.on(topic).at(-1);
  }

  /** Resolves once `predicate` holds for the messages on `topic` (a filter). */
  waitFor(topic: string, predicate: (messages: Message[]) => boolean, what = 'condition', timeoutMs = 20_000): Promise<Message[]> {
    return new Promise((resolve, reject) => {
      const check = () => {
        const found = this.on(topic);
        if (!predicate(found)) return;
        clearTimeout(timer);
        this.waiters.delete(check);
        resolve(found);
      };
      const timer = setTimeout(() => {
        this.waiters.delete(check);
        reject(
          new Error(
            `timed out waiting for ${what} on ${topic}; saw ${this.on(topic)
              .map((m) => `${m.topic}=${m.payload.toString('utf8').slice(0, 60)}`)
              .join(' | ')}`,
          ),
        );
      }, timeoutMs);
      this.waiters.add(check);
      check();
    });
  }

  /** Waits for a message on `topic` whose text is `payload`, after `after` messages already seen there. */
  waitForPayload(topic: string, payload: string, after = 0): Promise<Message[]> {
    return this.waitFor(topic, (ms) => ms.slice(after).some((m) => m.payload.toString('utf8') === payload), `"${payload}"`);
  }

  /** Runs every message through the HA rules: configs first, then the states they describe. */
  check(discoveryPrefix = 'homeassistant'): HaDiscoveryChecker {
    const checker = new HaDiscoveryChecker(loadHaRules(), discoveryPrefix);
    const isConfig = (m: Message) => m.topic.startsWith(`${discoveryPrefix}/`) && m.topic.endsWith('/config');
    for (const m of this.messages) if (isConfig(m)) checker.checkConfig(m.topic, m.payload.toString('utf8'), m.retain);
    for (const m of this.messages) if (!isConfig(m)) checker.checkState(m.topic, m.payload.toString('utf8'), m.retain);
    return checker;
  }

  close(): Promise<void> {
    return this.client.endAsync(true);
  }
}

/**
 * Reads what the broker holds retained on `filter` right now (a fresh, clean subscriber). The broker
 * sends a subscription's retained messages before anything published to us later, so a marker
 * message published after subscribing arrives only once they are all in.
 */
export async function retainedOn(url: string, filter: string): Promise<Map<string, Buffer>> {
  const client = await mqtt.connectAsync(url, { clean: true });
  const marker = `test/marker/${Math.random().toString(16).slice(2, 10)}`;
  const seen = new Map<string, Buffer>();
  const done = new Promise<void>((resolve) => {
    client.on('message', (topic, payload, packet) => {
      if (topic === marker) resolve();
      else if (packet.retain) seen.set(topic, payload);
    });
  });
  await client.subscribeAsync(filter, { qos: 1 });
  await client.subscribeAsync(marker, { qos: 1 });
  await client.publishAsync(marker, 'x', { qos: 1 });
  await done;
  await client.endAsync(true);
  return seen;
}

export interface RunningBridge {
  readonly bus: SignalBus;
  readonly arming: CameraArmingStore;
  readonly link: MqttConnection;
  readonly bridge: HomeAssistantBridge;
  readonly health: HealthRegistry;
  readonly db: LocalDb;
  readonly mediaDir: string;
  readonly dataDir: string;
  /** Resolves on the link's next connect. */
  connected(): Promise<void>;
  stop(): Promise<void>;
}

export interface BridgeOptions {
  readonly url: string;
  readonly cameras: readonly string[];
  readonly holdMs?: number;
  /** Cameras whose motion, person and objects follow the live state (RTSP). */
  readonly liveCameras?: readonly string[];
  /** Reuse a data folder (armed flags survive, as across a restart). */
  readonly dataDir?: string;
  readonly settings?: Partial<DiscoverySettings>;
  /** The phone commands' events and rules (the blueprint tests). */
  readonly phone?: HomeAssistantBridgeOptions['phone'];
  /** A clock for snoozes, with the timer that goes with it (a fast clock shrinks an hour). */
  readonly clock?: { readonly now: () => Date; readonly schedule: (ms: number, fn: () => void) => NodeJS.Timeout };
}

/** Starts a HomeSec-like set of parts around the bridge: connection, bus, arming, health. */
export async function startBridge(options: BridgeOptions): Promise<RunningBridge> {
  const tmp = makeTempDir('homesec-ha-');
  const dataDir = options.dataDir ?? tmp.path;
  const db = LocalDb.open(dataDir);
  const bus = new SignalBus(log);
  const arming = new CameraArmingStore(new LocalSettings(db), bus, { cameras: options.cameras, ...options.clock });
  const health = new HealthRegistry();
  const link = new MqttConnection({
    url: options.url,
    topicPrefix: 'homesec',
    log,
    reconnectMinMs: 100,
    reconnectMaxMs: 300,
    publishTimeoutMs: 3000,
  });
  const bridge = new HomeAssistantBridge({
    link,
    bus,
    log,
    cameras: options.cameras,
    ...(options.liveCameras ? { liveCameras: options.liveCameras } : {}),
    discovery: { ...SETTINGS, ...options.settings },
    media: mediaFolder(tmp.path),
    ffmpeg: 'ffmpeg',
    sources: { arming, health: () => health.report() },
    holdMs: options.holdMs ?? 60_000,
    ...(options.phone ? { phone: options.phone } : {}),
    ...(options.clock ? { now: options.clock.now } : {}),
  });
  const firstConnect = new Promise<void>((resolve) => link.onConnect(resolve));
  await bridge.start(new AbortController().signal);
  await link.start(new AbortController().signal);
  await firstConnect;
  let stopped = false;
  return {
    bus,
    arming,
    link,
    bridge,
    health,
    db,
    mediaDir: tmp.path,
    dataDir,
    connected: () => new Promise<void>((resolve) => link.onConnect(resolve)),
    stop: async () => {
      if (stopped) return;
      stopped = true;
      await bridge.stop();
      arming.stop();
      await link.stop();
      db.stop();
      tmp.remove();
    },
  };
}
