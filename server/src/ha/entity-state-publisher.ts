import type { MqttLink } from '../core/mqtt-link.js';
import type { Logger } from '../core/logger.js';
import { MAX_STATE_LENGTH } from './discovery-tables.js';
import { stableStringify } from './stable-json.js';

const STATE = { qos: 1, retain: true } as const;
// HA ignores retained event messages, and a replayed alert would fire automations twice.
const EVENT = { qos: 1, retain: false } as const;

/**
 * Publishes entity states. State topics are retained and remembered, so a reconnect or Home
 * Assistant's birth message can send them all again; events are never retained nor replayed.
 */
export class EntityStatePublisher {
  private readonly states = new Map<string, string | Buffer>();
  private running = false;

  constructor(
    private readonly link: MqttLink,
    private readonly log: Logger,
  ) {}

  start(): void {
    this.running = true;
  }

  stop(): void {
    this.running = false;
  }

  /** A plain state (ON/OFF, a number, a short text); longer texts must be cut by the caller. */
  async state(topic: string, value: string): Promise<void> {
    if (value.length > MAX_STATE_LENGTH) {
      this.log.warn({ event_type: 'ha.state_too_long', topic, length: value.length }, 'state longer than 255 characters not published');
      return;
    }
    await this.retained(topic, value);
  }

  /** A JSON object state (attributes, or a state read through value_template). */
  json(topic: string, value: Readonly<Record<string, unknown>>): Promise<void> {
    return this.retained(topic, stableStringify(value));
  }

  /** Raw bytes (the snapshot JPEG). */
  bytes(topic: string, value: Buffer): Promise<void> {
    return this.retained(topic, value);
  }

  /** A one-off event message (never retained, never replayed). */
  async event(topic: string, value: Readonly<Record<string, unknown>>): Promise<void> {
    if (!this.running) return;
    try {
      await this.link.publish(topic, JSON.stringify(value), EVENT);
    } catch (e) {
      this.log.warn({ event_type: 'ha.event_publish_failed', topic, err: e }, 'Home Assistant event not published');
    }
  }

  /**
   * Sends every remembered state again. Each value is read when it is sent, so a state that changes
   * meanwhile is never overwritten by an older copy (publishes reach the broker in call order).
   */
  async republish(): Promise<void> {
    for (const topic of [...this.states.keys()]) {
      const value = this.states.get(topic);
      if (!this.running) return;
      if (value !== undefined) await this.send(topic, value);
    }
  }

  private async retained(topic: string, value: string | Buffer): Promise<void> {
    if (!this.running) return;
    this.states.set(topic, value);
    await this.send(topic, value);
  }

  private async send(topic: string, value: string | Buffer): Promise<void> {
    try {
      await this.link.publish(topic, value, STATE);
    } catch (e) {
      // Kept in `states`: the next connect sends it.
      this.log.debug({ event_type: 'ha.state_publish_failed', topic, err: e }, 'state not published; sent again on reconnect');
    }
  }
}
