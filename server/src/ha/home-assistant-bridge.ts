import type { SignalBus } from '../core/signal-bus.js';
import type { Part } from '../core/lifecycle.js';
import type { MqttLink } from '../core/mqtt-link.js';
import type { Logger } from '../core/logger.js';
import type { ClipRenditions } from '../media/clip-renditions.js';
import type { MediaFolder } from '../media/media-paths.js';
import { SerialQueue } from '../runtime/serial-queue.js';
import { AlertLatencySensor } from './alert-latency-sensor.js';
import { ArmedSwitch } from './armed-switch.js';
import { PhoneCommands, type PhoneCommandsOptions } from './phone-commands.js';
import { SnoozeSelects } from './snooze-selects.js';
import { buildDiscovery, type DiscoveryMessage, type DiscoverySettings } from './discovery-builder.js';
import { DiscoveryPublisher } from './discovery-publisher.js';
import { hubDeviceId } from './entity-ids.js';
import { EntityStatePublisher } from './entity-state-publisher.js';
import { HaStateTracker, type HaStateReaders } from './ha-state-tracker.js';
import { haStatusTopic } from './ha-topics.js';
import { LiveEntityStates } from './live-entity-states.js';
import { UnreviewedAlertsSensor, type UnreviewedAlertsSource } from './unreviewed-alerts-sensor.js';

export interface HomeAssistantBridgeOptions {
  readonly link: MqttLink;
  readonly bus: SignalBus;
  readonly log: Logger;
  /** Configured camera names (each gets a device). */
  readonly cameras: readonly string[];
  /** Cameras watched live (RTSP): motion, person and objects follow the live state instead of a pulse per clip. */
  readonly liveCameras?: readonly string[];
  /** The detector's trigger labels ("objects in view" counts these). */
  readonly triggerLabels?: readonly string[];
  readonly discovery: DiscoverySettings;
  /** Where clip snapshots are read from, and the root of the media-source links. */
  readonly media: MediaFolder;
  /** Browser-playable copies of clips, for the alert's media-browser link. */
  readonly renditions?: Pick<ClipRenditions, 'playablePath'>;
  readonly ffmpeg: string;
  readonly sources: HaStateReaders;
  /** How long motion and "person detected" stay ON (default 30 s). */
  readonly holdMs?: number;
  /** Alerted events not reviewed yet, for the hub's sensor; without it the sensor stays unknown. */
  readonly unreviewedAlerts?: UnreviewedAlertsSource;
  /** For the phone notification's buttons (<prefix>/command); without it commands are not listened to. */
  readonly phone?: Pick<PhoneCommandsOptions, 'events' | 'rules'>;
  /** The clock snoozes are set by (the arming's own clock must agree). */
  readonly now?: () => Date;
}

/**
 * HomeSec inside Home Assistant over MQTT: device discovery for the hub and every camera, entity
 * states from the bus, the armed switch, and a full re-announce (configs, then states) on every
 * broker connect and on Home Assistant's birth message.
 */
export class HomeAssistantBridge implements Part {
  readonly name = 'home assistant';
  private readonly discovery: DiscoveryPublisher;
  private readonly states: EntityStatePublisher;
  private readonly tracker: HaStateTracker;
  private readonly live: LiveEntityStates;
  private readonly armedSwitch: ArmedSwitch;
  private readonly snooze: SnoozeSelects;
  private readonly phone: PhoneCommands | null;
  private readonly latency: AlertLatencySensor | null;
  private readonly unreviewed: UnreviewedAlertsSensor | null;
  private readonly messages: DiscoveryMessage[];
  /** One announcement at a time; a failed one is logged and the next (a reconnect, HA's birth) still runs. */
  private readonly announcing = new SerialQueue((f) =>
    this.options.log.warn({ event_type: 'ha.announce_failed', failures: f.failures, err: f.error }, `${f.what} failed`),
  );
  private running = false;

  constructor(private readonly options: HomeAssistantBridgeOptions) {
    const { link, log, discovery } = options;
    this.messages = buildDiscovery(options.cameras, discovery);
    this.discovery = new DiscoveryPublisher({
      link,
      log,
      discoveryPrefix: discovery.discoveryPrefix,
      cameraTopicRoot: `${discovery.topicPrefix}/camera/`,
      hubDeviceId: hubDeviceId(discovery.topicPrefix),
    });
    this.states = new EntityStatePublisher(link, log);
    this.tracker = new HaStateTracker({
      bus: options.bus,
      publisher: this.states,
      log,
      cameras: options.cameras,
      topicPrefix: discovery.topicPrefix,
      media: options.media,
      ffmpeg: options.ffmpeg,
      sources: options.sources,
      liveCameras: options.liveCameras ?? [],
      ...(options.holdMs === undefined ? {} : { holdMs: options.holdMs }),
    });
    this.live = new LiveEntityStates({
      bus: options.bus,
      publisher: this.states,
      log,
      cameras: options.cameras,
      liveCameras: options.liveCameras ?? [],
      triggerLabels: options.triggerLabels ?? ['person'],
      topicPrefix: discovery.topicPrefix,
      media: options.media,
      ffmpeg: options.ffmpeg,
      ...(options.renditions ? { renditions: options.renditions } : {}),
      ...(discovery.zones ? { zones: discovery.zones } : {}),
    });
    this.armedSwitch = new ArmedSwitch({
      link,
      arming: options.sources.arming,
      log,
      topicPrefix: discovery.topicPrefix,
      cameras: options.cameras,
      publishState: (camera) => this.tracker.publishArmed(camera),
    });
    this.snooze = new SnoozeSelects({
      link,
      bus: options.bus,
      arming: options.sources.arming,
      publisher: this.states,
      log,
      topicPrefix: discovery.topicPrefix,
      cameras: options.cameras,
      ...(options.now ? { now: options.now } : {}),
    });
    const phone = options.phone;
    this.phone = phone
      ? new PhoneCommands({
          ...phone,
          link,
          snooze: this.snooze,
          log,
          topicPrefix: discovery.topicPrefix,
          cameras: options.cameras,
          ...(options.now ? { now: options.now } : {}),
        })
      : null;
    const latencySource = options.sources.alertLatency;
    this.latency = latencySource
      ? new AlertLatencySensor({ bus: options.bus, publisher: this.states, source: latencySource, topicPrefix: discovery.topicPrefix, log })
      : null;
    const unreviewed = options.unreviewedAlerts;
    this.unreviewed = unreviewed
      ? new UnreviewedAlertsSensor({
          bus: options.bus,
          publisher: this.states,
          source: unreviewed,
          topicPrefix: discovery.topicPrefix,
          log,
        })
      : null;
  }

  async start(signal: AbortSignal): Promise<void> {
    const { link, discovery } = this.options;
    this.running = true;
    this.states.start();
    this.discovery.start(this.messages);
    this.armedSwitch.start();
    this.snooze.start();
    this.phone?.start();
    link.onConnect(() => this.announce('connect'));
    link.subscribe(haStatusTopic(discovery.discoveryPrefix), (_topic, payload) => {
      if (payload.toString('utf8').trim() === 'online') this.announce('ha_birth');
    });
    // States published before the first connect are remembered and sent by the announce.
    await this.tracker.start(signal);
    this.live.start(signal);
    await this.latency?.start();
    await this.unreviewed?.start();
    if (link.isConnected()) this.announce('start');
  }

  /** Resolves once pending announcements are done; stop() of the link publishes "offline". Safe twice. */
  async stop(): Promise<void> {
    if (!this.running) return;
    this.running = false;
    this.tracker.stop();
    this.snooze.stop();
    this.phone?.stop();
    this.live.stop();
    this.latency?.stop();
    this.unreviewed?.stop();
    this.armedSwitch.stop();
    this.discovery.stop();
    this.states.stop();
    await this.announcing.idle();
  }

  /** The discovery configs HomeSec wants (for tests and diagnostics). */
  discoveryMessages(): readonly DiscoveryMessage[] {
    return this.messages;
  }

  /** Configs first, then states, one announcement at a time. */
  private announce(reason: 'connect' | 'ha_birth' | 'start'): void {
    if (!this.running) return;
    this.announcing.push(`announcing discovery and states (${reason})`, async () => {
      if (!this.running) return;
      this.options.log.debug({ event_type: 'ha.announce', reason }, 'publishing discovery and states');
      await this.discovery.republish();
      await this.states.republish();
    });
  }
}
