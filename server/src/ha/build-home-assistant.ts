import { isLiveCamera } from '../config/sections/camera-config.js';
import type { Part } from '../core/lifecycle.js';
import type { Services } from '../runtime/services.js';
import type { ClipRenditions } from '../media/clip-renditions.js';
import type { MediaFolder } from '../media/media-paths.js';
import { MqttConnection } from '../mqtt/mqtt-connection.js';
import { VERSION } from '../version.js';
import { resolveBroker } from './addon-broker.js';
import { discoverySettings } from './discovery-settings.js';
import type { SpendLedger } from '../analyze/spend-ledger.js';
import type { CameraArming } from '../core/camera-arming.js';
import type { HealthRegistry } from '../health/health-registry.js';
import type { ClipRepository } from '../store/clip-repository.js';
import type { CameraEventRepository } from '../store/camera-event-repository.js';
import type { LatencySource } from './alert-latency-sensor.js';
import type { UnreviewedAlertsSource } from './unreviewed-alerts-sensor.js';
import { HomeAssistantBridge } from './home-assistant-bridge.js';
import { SetupNotifications } from './setup-notifications.js';
import type { HealthCheck } from '../core/bus-signals.js';
import { FeedbackRules } from '../alert/feedback-rules.js';
import { SupervisorClient } from './supervisor-client.js';

/** What Home Assistant's entities read from the rest of HomeSec. */
export interface HaParts {
  readonly cameras: CameraArming;
  readonly repository: Pick<ClipRepository, 'countClips' | 'drain'>;
  /** Events, for the unreviewed alerts sensor (optional: `homesec process` has no dashboard to review in). */
  readonly events?: Pick<CameraEventRepository, 'count' | 'get' | 'change'>;
  readonly ledger: Pick<SpendLedger, 'monthToDate'>;
  readonly latency: LatencySource;
  readonly health: Pick<HealthRegistry, 'report'>;
  readonly media: MediaFolder;
  /** Browser-playable copies, so the alert's media-browser link plays (H.265 cameras). */
  readonly renditions?: Pick<ClipRenditions, 'playablePath'>;
}

export interface HomeAssistantParts {
  /** The Supervisor's API (null outside the add-on). */
  readonly supervisor: SupervisorClient | null;
  /** The one broker connection notifiers share (null without a broker). */
  readonly mqtt: MqttConnection | null;
  /** To start in this order: the broker connection, then discovery and entity states. */
  readonly parts: readonly Part[];
}

/**
 * The broker (from the options, else the Supervisor's MQTT service) and Home Assistant's entities on
 * it. Best effort: without a broker HomeSec runs without entities; recording never waits for them.
 */
export async function buildHomeAssistant(services: Services, parts: HaParts, signal: AbortSignal): Promise<HomeAssistantParts> {
  const { config, log, bus, tools } = services;
  const haLog = log.child({ component: 'ha' });
  const supervisor = SupervisorClient.fromEnv(process.env, haLog);
  const broker = await resolveBroker(config.mqtt, supervisor, haLog, signal);
  // In the add-on, setup problems (the health report's bad checks) also show as notifications in HA.
  const setup = (extra: Record<string, HealthCheck>): Part[] =>
    supervisor ? [new SetupNotifications({ supervisor, checks: () => ({ ...parts.health.report().checks, ...extra }), log: haLog })] : [];
  if (broker.mqtt.url === '') {
    haLog.info({ event_type: 'ha.no_broker' }, 'no MQTT broker configured: Home Assistant entities are off');
    const noBroker: HealthCheck = {
      status: 'degraded',
      message:
        'No MQTT broker: install the Mosquitto broker add-on (or set the mqtt options). HomeSec records, but has no entities in Home Assistant.',
    };
    return { supervisor, mqtt: null, parts: setup({ mqtt: noBroker }) };
  }
  const mqtt = new MqttConnection({ ...broker.mqtt, log: log.child({ component: 'mqtt' }) });
  const bridge = new HomeAssistantBridge({
    link: mqtt,
    bus,
    log: haLog,
    cameras: config.cameras.map((c) => c.name),
    liveCameras: config.cameras.filter(isLiveCamera).map((c) => c.name),
    triggerLabels: config.detector.triggerLabels,
    discovery: await discoverySettings(config, VERSION, supervisor, haLog, signal),
    media: parts.media,
    ...(parts.renditions ? { renditions: parts.renditions } : {}),
    ffmpeg: tools.ffmpeg,
    sources: {
      arming: parts.cameras,
      health: () => parts.health.report(),
      countClipsSince: (camera, since) => parts.repository.countClips({ camera, from: since.toISOString() }),
      vlmSpend: async (now) => parts.ledger.monthToDate(now).costUsd,
      alertLatency: parts.latency,
    },
    ...(parts.events ? { unreviewedAlerts: unreviewedCount(parts.repository, parts.events) } : {}),
    // The phone's False alarm writes the same rules table the dashboard and the alert policy use.
    ...(parts.events ? { phone: { events: parts.events, rules: new FeedbackRules(services.localDb) } } : {}),
  });
  return { supervisor, mqtt, parts: [mqtt, bridge, ...setup({})] };
}

/** The store's count once the journal has caught up, so a review that just happened is counted. */
function unreviewedCount(repository: Pick<ClipRepository, 'drain'>, events: Pick<CameraEventRepository, 'count'>): UnreviewedAlertsSource {
  return {
    count: async (query) => {
      await repository.drain(2000);
      return events.count(query);
    },
  };
}
