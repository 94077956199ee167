import type { MqttConfig } from '../config/sections/mqtt-config.js';
import type { Logger } from '../core/logger.js';
import type { MqttService, SupervisorClient } from './supervisor-client.js';

export type BrokerOrigin = 'manual' | 'supervisor' | 'none';

export interface ResolvedBroker {
  readonly mqtt: MqttConfig;
  readonly origin: BrokerOrigin;
}

/**
 * The broker to use. A broker URL in the options wins; otherwise, under the Supervisor, the MQTT
 * service (the Mosquitto add-on) is asked, and a user or password set in the options still overrides
 * its credentials
 * (user and password together). Without either, MQTT stays off (url empty); recording never depends on it.
 */
export async function resolveBroker(
  mqtt: MqttConfig,
  supervisor: SupervisorClient | null,
  log: Logger,
  signal?: AbortSignal,
): Promise<ResolvedBroker> {
  if (mqtt.url !== '') return { mqtt, origin: 'manual' };
  if (!supervisor) return { mqtt, origin: 'none' };
  const service = await supervisor.mqttService(signal);
  if (!service.ok) {
    log.warn(
      { event_type: 'ha.mqtt_service_unavailable', err: service.error },
      `no MQTT broker from the Supervisor: ${service.error.message}`,
    );
    return { mqtt, origin: 'none' };
  }
  const resolved = fromService(mqtt, service.value);
  log.info(
    { event_type: 'ha.mqtt_service', host: service.value.host, port: service.value.port, ssl: service.value.ssl },
    'using the MQTT broker from the Supervisor',
  );
  return { mqtt: resolved, origin: 'supervisor' };
}

/** Credentials go as a pair: a user set in the options brings its own password. */
export function fromService(mqtt: MqttConfig, service: MqttService): MqttConfig {
  const manualUser = mqtt.username !== '';
  return {
    ...mqtt,
    url: `${service.ssl ? 'mqtts' : 'mqtt'}://${service.host}:${service.port}`,
    username: manualUser ? mqtt.username : (service.username ?? ''),
    password: manualUser ? mqtt.password : (service.password ?? ''),
  };
}
