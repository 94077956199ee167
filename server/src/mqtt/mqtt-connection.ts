import { randomBytes } from 'node:crypto';
import mqtt, { type MqttClient, type Packet } from 'mqtt';
import { Backoff } from '../runtime/backoff.js';
import { HomesecError } from '../core/errors.js';
import type { Part } from '../core/lifecycle.js';
import type { HealthCheck } from '../core/bus-signals.js';
import type { MqttLink } from '../core/mqtt-link.js';
import type { Logger } from '../core/logger.js';
import { redactUrlCredentials } from '../logging/redact.js';
import { hasWildcard, topicMatches } from './topic-match.js';

export class MqttPublishError extends HomesecError {}

export interface MqttConnectionOptions {
  /** mqtt://host:port, mqtts://, ws://, wss:// (credentials in the URL are allowed, never logged). */
  readonly url: string;
  readonly username?: string;
  readonly password?: string;
  /** `<topic_prefix>/status` carries the retained availability ("online" / last will "offline"). */
  readonly topicPrefix: string;
  readonly clientId?: string;
  readonly log: Logger;
  /** Reconnect backoff bounds; reconnecting never stops. */
  readonly reconnectMinMs?: number;
  readonly reconnectMaxMs?: number;
  /** How long a QoS 1 publish waits for the broker's acknowledgement. */
  readonly publishTimeoutMs?: number;
}

interface PendingPublish {
  readonly payload: Buffer;
  messageId: number | null;
  readonly fail: (e: Error) => void;
}

type MessageHandler = (topic: string, payload: Buffer) => void;

/**
 * The one broker connection (mqtt.js). A broker that is down at start does not block start; the
 * client reconnects forever with backoff, announces "online" (retained) on every connect, leaves a
 * retained "offline" last will, and resubscribes. Publishing while disconnected rejects at once so
 * the caller's durable outbox keeps the message; a QoS 1 message that loses its connection before
 * the acknowledgement is withdrawn from mqtt.js's resend store, so only the caller retries it.
 */
export class MqttConnection implements MqttLink, Part {
  readonly name = 'mqtt';
  private client: MqttClient | null = null;
  private connected = false;
  /** Logged once per outage, not once per failed attempt. */
  private downLogged = false;
  private lastProblem: string | null = null;
  private stopping: Promise<void> | null = null;
  private readonly subscriptions = new Map<string, MessageHandler[]>();
  private readonly connectHandlers: (() => void)[] = [];
  private readonly pending = new Set<PendingPublish>();
  /** Starts over with a new client when none has connected for a while (see `replaceIfStalled`). */
  private watchdog: NodeJS.Timeout | null = null;
  /** When the client last connected, or was created. */
  private lastConnectedAt = 0;

  /** The first reconnect comes after `reconnectMinMs`, each failed one doubles it, up to `reconnectMaxMs`. */
  private readonly reconnects: Backoff;

  constructor(private readonly options: MqttConnectionOptions) {
    this.reconnects = new Backoff({ initialMs: options.reconnectMinMs ?? 1000, maxMs: options.reconnectMaxMs ?? 30_000, jitter: 0.2 });
  }

  /** `<topic_prefix>`: the root of every HomeSec topic. */
  get topicPrefix(): string {
    return this.options.topicPrefix;
  }

  get statusTopic(): string {
    return `${this.options.topicPrefix}/status`;
  }

  /** Starts connecting in the background and returns at once. */
  async start(signal: AbortSignal): Promise<void> {
    if (this.client || signal.aborted) return;
    this.client = this.createClient();
    this.watchdog = setInterval(() => this.replaceIfStalled(), this.stallAfterMs());
    this.watchdog.unref();
    this.options.log.debug({ event_type: 'mqtt.connecting', url: redactUrlCredentials(this.options.url) }, 'connecting to the MQTT broker');
  }

  private createClient(): MqttClient {
    const { options } = this;
    const client = mqtt.connect(options.url, {
      clientId: options.clientId ?? `homesec_${randomBytes(4).toString('hex')}`,
      ...(options.username ? { username: options.username } : {}),
      ...(options.password ? { password: options.password } : {}),
      clean: true,
      resubscribe: false,
      reconnectPeriod: this.reconnects.next(),
      connectTimeout: 10_000,
      will: { topic: this.statusTopic, payload: Buffer.from('offline'), qos: 1, retain: true },
    });
    client.on('connect', () => this.onConnected(client));
    client.on('close', () => this.onClosed(client));
    client.on('error', (e) => this.setConnected(false, e.message));
    client.on('offline', () => this.setConnected(false));
    client.on('message', (topic, payload) => this.dispatch(topic, payload));
    client.on('packetsend', (packet) => this.notePacketSent(packet));
    this.lastConnectedAt = Date.now();
    return client;
  }

  /** Publishes "offline" (retained) when connected, then disconnects. Safe to call twice. */
  stop(): Promise<void> {
    this.stopping ??= this.disconnect();
    return this.stopping;
  }

  isConnected(): boolean {
    return this.connected;
  }

  health(): HealthCheck {
    if (this.connected) return { status: 'healthy', message: `connected to ${redactUrlCredentials(this.options.url)}` };
    return { status: 'degraded', message: `MQTT broker unavailable: ${this.lastProblem ?? 'not connected yet'}` };
  }

  async publish(topic: string, payload: string | Buffer, options: { readonly qos: 0 | 1; readonly retain: boolean }): Promise<void> {
    if (topic === '' || hasWildcard(topic))
      throw new MqttPublishError(`cannot publish to "${topic}": topic names may not be empty or hold + or #`);
    const client = this.client;
    if (!client || !this.connected || this.stopping) throw new MqttPublishError(`not connected to the MQTT broker; ${topic} not published`);
    // A fresh buffer per call: its identity finds the message id mqtt.js assigns (see notePacketSent).
    const body = Buffer.from(payload);
    await new Promise<void>((resolve, reject) => {
      const entry: PendingPublish = { payload: body, messageId: null, fail: reject };
      this.pending.add(entry);
      const timer = setTimeout(
        () => this.withdraw(entry, `no acknowledgement for ${topic} within ${this.publishTimeoutMs()} ms`),
        this.publishTimeoutMs(),
      );
      client.publish(topic, body, { qos: options.qos, retain: options.retain }, (e) => {
        clearTimeout(timer);
        this.pending.delete(entry);
        if (e) reject(new MqttPublishError(`publishing to ${topic} failed: ${e.message}`, { cause: e }));
        else resolve();
      });
    });
  }

  subscribe(topic: string, handler: MessageHandler): void {
    const handlers = this.subscriptions.get(topic);
    if (handlers) {
      handlers.push(handler);
      return;
    }
    this.subscriptions.set(topic, [handler]);
    if (this.client && this.connected) this.subscribeOnBroker(this.client, topic);
  }

  onConnect(handler: () => void): void {
    this.connectHandlers.push(handler);
  }

  private onConnected(client: MqttClient): void {
    this.lastConnectedAt = Date.now();
    this.reconnects.reset();
    client.options.reconnectPeriod = this.reconnects.next();
    this.setConnected(true);
    client.publish(this.statusTopic, 'online', { qos: 1, retain: true }, (e) => {
      if (e) this.options.log.debug({ event_type: 'mqtt.online_failed', err: e }, 'could not announce online');
    });
    for (const topic of this.subscriptions.keys()) this.subscribeOnBroker(client, topic);
    for (const handler of this.connectHandlers) {
      try {
        handler();
      } catch (e) {
        this.options.log.error({ event_type: 'mqtt.on_connect_failed', err: e }, 'an MQTT on-connect handler failed');
      }
    }
  }

  private onClosed(client: MqttClient): void {
    this.setConnected(false, this.lastProblem ?? 'connection closed');
    // Messages still waiting for an acknowledgement go back to their callers, not to mqtt.js's resend store.
    for (const entry of [...this.pending]) this.withdraw(entry, 'connection to the MQTT broker lost before the acknowledgement');
    if (this.stopping) return;
    // mqtt.js reads the period when it schedules the next attempt.
    client.options.reconnectPeriod = Math.round(this.reconnects.next());
  }

  private withdraw(entry: PendingPublish, why: string): void {
    if (!this.pending.delete(entry)) return;
    if (entry.messageId !== null) this.client?.removeOutgoingMessage(entry.messageId);
    entry.fail(new MqttPublishError(why));
  }

  private notePacketSent(packet: Packet): void {
    if (packet.cmd !== 'publish' || packet.qos === 0 || packet.messageId === undefined) return;
    for (const entry of this.pending) {
      if (entry.payload === packet.payload) entry.messageId = packet.messageId;
    }
  }

  private subscribeOnBroker(client: MqttClient, topic: string): void {
    client.subscribe(topic, { qos: 1 }, (e) => {
      if (e) this.options.log.warn({ event_type: 'mqtt.subscribe_failed', topic, err: e }, `subscribing to ${topic} failed`);
    });
  }

  private dispatch(topic: string, payload: Buffer): void {
    for (const [filter, handlers] of this.subscriptions) {
      if (!topicMatches(filter, topic)) continue;
      for (const handler of handlers) {
        try {
          handler(topic, payload);
        } catch (e) {
          this.options.log.error({ event_type: 'mqtt.handler_failed', topic, err: e }, `handling ${topic} failed`);
        }
      }
    }
  }

  private setConnected(up: boolean, problem?: string): void {
    if (problem !== undefined) this.lastProblem = redactUrlCredentials(problem);
    const url = redactUrlCredentials(this.options.url);
    if (up && !this.connected) {
      this.connected = true;
      this.downLogged = false;
      this.lastProblem = null;
      this.options.log.info({ event_type: 'mqtt.connected', url }, 'connected to the MQTT broker');
    } else if (!up && (this.connected || (!this.downLogged && this.lastProblem !== null))) {
      // A lost connection, or the first failed attempt of an outage (broker down at start).
      this.connected = false;
      this.downLogged = true;
      this.options.log.warn(
        { event_type: 'mqtt.disconnected', url, problem: this.lastProblem },
        'MQTT broker unavailable; reconnecting in the background',
      );
    }
  }

  private publishTimeoutMs(): number {
    return this.options.publishTimeoutMs ?? 10_000;
  }

  /** Attempts come every reconnect period; several periods without one means mqtt.js stopped trying. */
  private stallAfterMs(): number {
    return Math.max(5000, 3 * (this.options.reconnectMaxMs ?? 30_000));
  }

  /**
   * "Reconnecting never stops" is this class's promise to the outbox, and mqtt.js does not always keep it:
   * its own `end()` can wait forever for an acknowledgement on a dead connection, leaving the client
   * `disconnecting`, and such a client never reconnects and defers `reconnect()` (seen by Zigbee2MQTT's
   * users; once here a client stayed down for a minute after the broker came back). So a client that has
   * not connected for several reconnect periods is dropped and a new one starts: whatever state the old
   * one was in, the new one has none of it. Messages it held come back to their callers (the outbox).
   */
  private replaceIfStalled(): void {
    const old = this.client;
    if (!old || this.stopping || this.connected) return;
    if (Date.now() - this.lastConnectedAt < this.stallAfterMs()) return;
    this.options.log.warn(
      { event_type: 'mqtt.client_replaced', problem: this.lastProblem },
      'no MQTT connection for a while; starting over with a new client',
    );
    for (const entry of [...this.pending]) this.withdraw(entry, 'MQTT client replaced before the acknowledgement');
    old.removeAllListeners();
    // A late error from the old client's socket must not become an unhandled 'error' event.
    old.on('error', () => undefined);
    old.end(true);
    old.stream?.destroy();
    this.client = this.createClient();
  }

  private async disconnect(): Promise<void> {
    if (this.watchdog) clearInterval(this.watchdog);
    this.watchdog = null;
    const client = this.client;
    if (!client) return;
    if (this.connected) {
      await Promise.race([
        client.publishAsync(this.statusTopic, 'offline', { qos: 1, retain: true }).catch(() => undefined),
        new Promise((resolve) => setTimeout(resolve, 2000).unref()),
      ]);
    }
    for (const entry of [...this.pending]) this.withdraw(entry, 'MQTT connection stopped');
    await client.endAsync(true).catch(() => undefined);
    this.connected = false;
  }
}
