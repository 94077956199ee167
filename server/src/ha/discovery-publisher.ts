import { z } from 'zod';
import type { MqttLink } from '../core/mqtt-link.js';
import type { Logger } from '../core/logger.js';
import type { DiscoveryMessage } from './discovery-builder.js';
import { deviceConfigFilter } from './ha-topics.js';
import { stableStringify } from './stable-json.js';
import { inBackground } from '../runtime/background.js';

export interface DiscoveryPublisherOptions {
  readonly link: MqttLink;
  readonly log: Logger;
  readonly discoveryPrefix: string;
  /** HomeSec's own state topics start with this (`<topic_prefix>/camera/`): cleared with a stale device. */
  readonly cameraTopicRoot: string;
  /** This instance's hub device id: a retained config naming it (identifier or via_device) is ours. */
  readonly hubDeviceId: string;
}

// Only what ownership and cleanup need; anything else in a foreign config is ignored.
const RetainedConfigSchema = z.object({
  device: z.object({
    identifiers: z.union([z.array(z.string()), z.string()]).optional(),
    via_device: z.string().optional(),
  }),
  components: z.record(z.string(), z.record(z.string(), z.unknown())).optional(),
});

const CONFIG = { qos: 1, retain: true } as const;

/**
 * Keeps HA's discovery configs equal to the desired set: publishes only payloads that changed since
 * the last send, clears configs HomeSec no longer wants (empty retained payload), and removes stale
 * HomeSec devices it finds retained on the broker (a camera removed from the config while stopped).
 */
export class DiscoveryPublisher {
  private desired = new Map<string, string>();
  /** What the broker holds from us, as far as we know (reset by a forced republish). */
  private readonly sent = new Map<string, string>();
  private readonly cleared = new Set<string>();
  private running = false;

  constructor(private readonly options: DiscoveryPublisherOptions) {}

  /** Sets the desired configs first, then watches retained configs, so a wanted one is never cleared. */
  start(messages: readonly DiscoveryMessage[]): void {
    this.desired = toMap(messages);
    this.running = true;
    this.options.link.subscribe(deviceConfigFilter(this.options.discoveryPrefix), (topic, payload) => {
      this.onRetainedConfig(topic, payload);
    });
  }

  stop(): void {
    this.running = false;
  }

  /** Publishes what changed and clears what is no longer wanted. */
  async sync(messages: readonly DiscoveryMessage[]): Promise<void> {
    const next = toMap(messages);
    const removed = [...this.desired.keys()].filter((topic) => !next.has(topic));
    this.desired = next;
    for (const topic of removed) await this.clear(topic);
    await this.publishDesired(false);
  }

  /** Publishes every desired config again (after a reconnect or Home Assistant's birth message). */
  republish(): Promise<void> {
    return this.publishDesired(true);
  }

  private async publishDesired(force: boolean): Promise<void> {
    for (const [topic, json] of this.desired) {
      if (!this.running) return;
      if (!force && this.sent.get(topic) === json) continue;
      try {
        await this.options.link.publish(topic, json, CONFIG);
        this.sent.set(topic, json);
      } catch (e) {
        // Disconnected or not acknowledged: the next connect republishes everything.
        this.sent.delete(topic);
        this.options.log.warn({ event_type: 'ha.discovery_publish_failed', topic, err: e }, 'discovery config not published');
      }
    }
  }

  private async clear(topic: string): Promise<void> {
    this.sent.delete(topic);
    try {
      await this.options.link.publish(topic, '', CONFIG);
      this.options.log.info({ event_type: 'ha.discovery_removed', topic }, 'removed a Home Assistant device');
    } catch (e) {
      this.options.log.warn({ event_type: 'ha.discovery_clear_failed', topic, err: e }, 'discovery config not cleared');
    }
  }

  private onRetainedConfig(topic: string, payload: Buffer): void {
    if (!this.running || payload.length === 0 || this.desired.has(topic)) return;
    const stale = parseOwnedConfig(payload, this.options.hubDeviceId);
    if (!stale || this.cleared.has(topic)) return;
    this.cleared.add(topic);
    this.options.log.info({ event_type: 'ha.discovery_stale', topic }, 'clearing a stale HomeSec device');
    inBackground(this.clearStale(topic, stale), this.options.log, 'clearing a stale discovery config');
  }

  private async clearStale(topic: string, config: z.infer<typeof RetainedConfigSchema>): Promise<void> {
    await this.clear(topic);
    for (const stateTopic of retainedStateTopics(config, this.options.cameraTopicRoot)) {
      await this.options.link.publish(stateTopic, '', CONFIG).catch((e: unknown) => {
        this.options.log.debug({ event_type: 'ha.state_clear_failed', topic: stateTopic, err: e }, 'state not cleared');
      });
    }
  }
}

function toMap(messages: readonly DiscoveryMessage[]): Map<string, string> {
  return new Map(messages.map((m) => [m.topic, stableStringify(m.payload)]));
}

function parseOwnedConfig(payload: Buffer, hubId: string): z.infer<typeof RetainedConfigSchema> | null {
  let json: unknown;
  try {
    json = JSON.parse(payload.toString('utf8'));
  } catch {
    return null;
  }
  const parsed = RetainedConfigSchema.safeParse(json);
  if (!parsed.success) return null;
  const { identifiers, via_device: via } = parsed.data.device;
  const ids = typeof identifiers === 'string' ? [identifiers] : (identifiers ?? []);
  return via === hubId || ids.includes(hubId) ? parsed.data : null;
}

/** State topics of a stale camera device (never command topics, never anything outside our camera root). */
function retainedStateTopics(config: z.infer<typeof RetainedConfigSchema>, cameraTopicRoot: string): string[] {
  const topics = new Set<string>();
  for (const component of Object.values(config.components ?? {})) {
    for (const [key, value] of Object.entries(component)) {
      if (!key.endsWith('_topic') || key === 'command_topic' || typeof value !== 'string') continue;
      if (value.startsWith(cameraTopicRoot) && !value.includes('+') && !value.includes('#')) topics.add(value);
    }
  }
  return [...topics];
}
