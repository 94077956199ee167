import {
  CAMERA_ENTITY_KEYS,
  CAMERA_ENTITY_TEMPLATES,
  HOMESEC_MANUFACTURER,
  HOMESEC_SUPPORT_URL,
  HUB_ENTITY_KEYS,
  HUB_ENTITY_TEMPLATES,
  ORIGIN_NAME,
  ZONE_ENTITY_TEMPLATE,
  type CameraEntityKey,
  type EntityTemplate,
  type HubEntityKey,
} from './discovery-tables.js';
import { cameraDeviceId, cameraDisplayName, cameraEntityId, hubDeviceId, hubEntityId } from './entity-ids.js';
import { cameraTopics, deviceConfigTopic, hubTopics, zoneTopics, type CameraTopics, type HubTopics } from './ha-topics.js';
import type { Zone } from '../core/zone.js';

export interface DiscoverySettings {
  readonly discoveryPrefix: string;
  readonly topicPrefix: string;
  readonly swVersion: string;
  /** Opens the dashboard from the device page, e.g. homeassistant://hassio/ingress/<slug>; null = none. */
  readonly configurationUrl: string | null;
  /** Detector trigger labels: name the "person detected" entity after them. */
  readonly triggerLabels: readonly string[];
  /** Model shown for the hub device ("Add-on" under the Supervisor, "Service" standalone). */
  readonly hubModel: string;
  /** Each camera's zones: one occupancy sensor per zone; none when absent. */
  readonly zones?: ReadonlyMap<string, readonly Zone[]>;
}

export type JsonObject = { readonly [key: string]: unknown };

/** One retained device-discovery config: `<discovery_prefix>/device/<device_id>/config`. */
export interface DiscoveryMessage {
  readonly topic: string;
  readonly deviceId: string;
  readonly payload: JsonObject;
}

/**
 * Device-based discovery for the hub and every camera. Pure: the same cameras and settings always
 * give the same messages, which the publisher compares to what it sent last.
 */
export function buildDiscovery(cameras: readonly string[], settings: DiscoverySettings): DiscoveryMessage[] {
  return [hubMessage(settings), ...cameras.map((camera) => cameraMessage(camera, settings))];
}

function hubMessage(s: DiscoverySettings): DiscoveryMessage {
  const deviceId = hubDeviceId(s.topicPrefix);
  const topics = hubTopics(s.topicPrefix);
  const availability = [{ topic: topics.status }];
  const components: Record<string, JsonObject> = {};
  for (const key of HUB_ENTITY_KEYS) {
    const entity = component(HUB_ENTITY_TEMPLATES[key], hubEntityId(s.topicPrefix, key), hubEntityTopics(key, topics));
    components[key] = key === 'status' ? entity : { ...entity, availability };
  }
  const device = compact({
    identifiers: [deviceId],
    name: 'HomeSec',
    manufacturer: HOMESEC_MANUFACTURER,
    model: s.hubModel,
    sw_version: s.swVersion,
    configuration_url: s.configurationUrl,
  });
  return { topic: deviceConfigTopic(s.discoveryPrefix, deviceId), deviceId, payload: { device, origin: origin(s), components } };
}

function cameraMessage(camera: string, s: DiscoverySettings): DiscoveryMessage {
  const deviceId = cameraDeviceId(s.topicPrefix, camera);
  const topics = cameraTopics(s.topicPrefix, camera);
  const components: Record<string, JsonObject> = {};
  for (const key of CAMERA_ENTITY_KEYS) {
    const template = key === 'person' ? personTemplate(s.triggerLabels) : CAMERA_ENTITY_TEMPLATES[key];
    components[key] = component(template, cameraEntityId(s.topicPrefix, camera, key), cameraEntityTopics(key, topics));
  }
  for (const zone of s.zones?.get(camera) ?? []) {
    const key = `zone_${zone.name}`;
    const t = zoneTopics(s.topicPrefix, camera, zone.name);
    const template = { ...ZONE_ENTITY_TEMPLATE, name: zoneEntityName(zone, s.triggerLabels) };
    components[key] = component(template, cameraEntityId(s.topicPrefix, camera, key), {
      state_topic: t.occupied,
      json_attributes_topic: t.attributes,
    });
  }
  const device = compact({
    identifiers: [deviceId],
    name: cameraDisplayName(camera),
    manufacturer: HOMESEC_MANUFACTURER,
    model: 'Camera',
    sw_version: s.swVersion,
    via_device: hubDeviceId(s.topicPrefix),
    configuration_url: s.configurationUrl,
  });
  const payload = {
    device,
    origin: origin(s),
    // Every camera entity is unavailable while HomeSec is down (its last will sets this offline).
    availability: [{ topic: hubTopics(s.topicPrefix).status }],
    qos: 1,
    components,
  };
  return { topic: deviceConfigTopic(s.discoveryPrefix, deviceId), deviceId, payload };
}

function component(template: EntityTemplate, uniqueId: string, topics: JsonObject): JsonObject {
  return {
    platform: template.platform,
    name: template.name,
    unique_id: uniqueId,
    default_entity_id: `${template.platform}.${uniqueId}`,
    ...template.extra,
    ...topics,
  };
}

function cameraEntityTopics(key: CameraEntityKey, t: CameraTopics): JsonObject {
  switch (key) {
    case 'motion':
      return { state_topic: t.motion };
    case 'person':
      return { state_topic: t.person, json_attributes_topic: t.personAttributes };
    case 'online':
      return { state_topic: t.online };
    case 'alert':
      return { state_topic: t.alert };
    case 'last_summary':
      return { state_topic: t.summary, json_attributes_topic: t.summaryAttributes };
    case 'last_risk':
      return { state_topic: t.risk };
    case 'snapshot':
      return { image_topic: t.snapshot };
    case 'armed':
      return { state_topic: t.armed, command_topic: t.armedSet, json_attributes_topic: t.armedAttributes };
    case 'clips_today':
      return { state_topic: t.clipsToday };
    case 'objects':
      return { state_topic: t.objects };
    case 'stationary_objects':
      return { state_topic: t.stationaryObjects };
    case 'snooze':
      return { state_topic: t.snooze, command_topic: t.snoozeSet, json_attributes_topic: t.snoozeAttributes };
  }
}

function hubEntityTopics(key: HubEntityKey, t: HubTopics): JsonObject {
  switch (key) {
    case 'status':
      return { state_topic: t.status };
    case 'vlm_spend':
      return { state_topic: t.vlmSpend };
    case 'problem':
      return { state_topic: t.problem, json_attributes_topic: t.problemAttributes };
    case 'alert_latency':
      return { state_topic: t.alertLatency, json_attributes_topic: t.alertLatency };
    case 'unreviewed_alerts':
      return { state_topic: t.unreviewedAlerts };
    case 'snooze_all':
      return { state_topic: t.snooze, command_topic: t.snoozeSet, json_attributes_topic: t.snoozeAttributes };
  }
}

/** "Person detected" for the default trigger; "Car detected" for one other label; else a general name. */
function personTemplate(triggerLabels: readonly string[]): EntityTemplate {
  const base = CAMERA_ENTITY_TEMPLATES.person;
  const [only] = triggerLabels;
  const name =
    triggerLabels.length === 1 && only !== undefined ? `${only.charAt(0).toUpperCase()}${only.slice(1)} detected` : 'Trigger detected';
  return { ...base, name };
}

/** "Person in driveway", "Person or car in front yard": the labels that count there, then the zone. */
function zoneEntityName(zone: Zone, triggerLabels: readonly string[]): string {
  const labels = zone.labels.length > 0 ? zone.labels : triggerLabels;
  const who = labels.length > 0 && labels.length <= 3 ? labels.join(' or ') : 'object';
  return `${who.charAt(0).toUpperCase()}${who.slice(1)} in ${zone.name.replace(/_+/g, ' ').trim()}`;
}

function origin(s: DiscoverySettings): JsonObject {
  return { name: ORIGIN_NAME, sw_version: s.swVersion, support_url: HOMESEC_SUPPORT_URL };
}

/** Drops null values so optional device fields are absent rather than null. */
function compact(record: Record<string, unknown>): JsonObject {
  return Object.fromEntries(Object.entries(record).filter(([, value]) => value !== null && value !== undefined));
}
