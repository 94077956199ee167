import { RISK_LEVELS } from '../core/risk-level.js';

/** Where users report problems and read the docs; the `origin.support_url` of every discovery payload. */
export const HOMESEC_SUPPORT_URL = 'https://github.com/homesec/homesec';
export const HOMESEC_MANUFACTURER = 'HomeSec';
export const ORIGIN_NAME = 'HomeSec';

/** event_type of an alert without a VLM verdict (detector-only alert). */
export const UNRATED_ALERT = 'unrated';
/** The alert event entity's event_types: one per alert level. */
export const ALERT_EVENT_TYPES: readonly string[] = [...RISK_LEVELS, UNRATED_ALERT];

/** HA rejects sensor states longer than this (the entity goes to unknown). */
export const MAX_STATE_LENGTH = 255;

/** The per-camera entities: the key is the component id inside the device payload and the unique_id suffix. */
export const CAMERA_ENTITY_KEYS = [
  'motion',
  'person',
  'online',
  'alert',
  'last_summary',
  'last_risk',
  'snapshot',
  'armed',
  'clips_today',
  'objects',
  'stationary_objects',
  'snooze',
] as const;
export type CameraEntityKey = (typeof CAMERA_ENTITY_KEYS)[number];

export const HUB_ENTITY_KEYS = ['status', 'vlm_spend', 'problem', 'alert_latency', 'unreviewed_alerts', 'snooze_all'] as const;

/** The Snooze selects' options: how long alerts pause; `Off` ends a snooze. The state is the shortest option covering the time left. */
export const SNOOZE_OPTIONS: readonly { readonly option: string; readonly minutes: number }[] = [
  { option: 'Off', minutes: 0 },
  { option: '30 min', minutes: 30 },
  { option: '1 h', minutes: 60 },
  { option: '2 h', minutes: 120 },
  { option: '8 h', minutes: 480 },
  { option: '24 h', minutes: 1440 },
];
export type HubEntityKey = (typeof HUB_ENTITY_KEYS)[number];

/** The parts of a component that do not depend on the camera: platform, name, classes, icons. */
export interface EntityTemplate {
  readonly platform: 'binary_sensor' | 'sensor' | 'event' | 'image' | 'switch' | 'select';
  readonly name: string;
  readonly extra: Readonly<Record<string, unknown>>;
}

/** Camera entities, minus topics and ids (the builder adds those). `person` is named by the trigger labels. */
export const CAMERA_ENTITY_TEMPLATES: Readonly<Record<CameraEntityKey, EntityTemplate>> = {
  motion: { platform: 'binary_sensor', name: 'Motion', extra: { device_class: 'motion', payload_on: 'ON', payload_off: 'OFF' } },
  person: {
    platform: 'binary_sensor',
    name: 'Person detected',
    extra: { device_class: 'occupancy', payload_on: 'ON', payload_off: 'OFF' },
  },
  online: {
    platform: 'binary_sensor',
    name: 'Online',
    extra: { device_class: 'connectivity', entity_category: 'diagnostic', payload_on: 'ON', payload_off: 'OFF' },
  },
  alert: { platform: 'event', name: 'Alert', extra: { device_class: 'motion', event_types: ALERT_EVENT_TYPES, icon: 'mdi:alarm-light' } },
  last_summary: { platform: 'sensor', name: 'Last summary', extra: { icon: 'mdi:text-box-outline' } },
  last_risk: {
    platform: 'sensor',
    name: 'Last risk',
    extra: { device_class: 'enum', options: RISK_LEVELS, icon: 'mdi:shield-alert-outline' },
  },
  snapshot: { platform: 'image', name: 'Last snapshot', extra: { content_type: 'image/jpeg' } },
  armed: { platform: 'switch', name: 'Alerts armed', extra: { payload_on: 'ON', payload_off: 'OFF', icon: 'mdi:shield-home' } },
  clips_today: {
    platform: 'sensor',
    name: 'Clips today',
    extra: { state_class: 'total_increasing', unit_of_measurement: 'clips', icon: 'mdi:filmstrip-box-multiple' },
  },
  objects: {
    platform: 'sensor',
    name: 'Objects in view',
    extra: { state_class: 'measurement', unit_of_measurement: 'objects', icon: 'mdi:account-eye' },
  },
  // A parked car in view is no news: it is counted here, not in "Objects in view", and starts no event.
  stationary_objects: {
    platform: 'sensor',
    name: 'Stationary objects',
    extra: { state_class: 'measurement', unit_of_measurement: 'objects', icon: 'mdi:car-brake-parking' },
  },
  // Alerts pause for the chosen time and resume by themselves (HomeSec keeps the expiry); clips still record.
  snooze: { platform: 'select', name: 'Snooze', extra: { options: SNOOZE_OPTIONS.map((o) => o.option), icon: 'mdi:bell-sleep' } },
};

/**
 * A zone's occupancy sensor, one per configured zone (the component id is `zone_<zone>`): ON while the
 * live detector sees an object that counts there (the zone's labels, else the trigger labels) with its
 * feet inside. Named by the builder: "Person in driveway".
 */
export const ZONE_ENTITY_TEMPLATE: EntityTemplate = {
  platform: 'binary_sensor',
  name: 'Zone occupied',
  extra: { device_class: 'occupancy', payload_on: 'ON', payload_off: 'OFF', icon: 'mdi:vector-polygon' },
};

export const HUB_ENTITY_TEMPLATES: Readonly<Record<HubEntityKey, EntityTemplate>> = {
  // The hub status has no availability on purpose: it shows "Disconnected", not "unavailable".
  status: {
    platform: 'binary_sensor',
    name: 'Status',
    extra: { device_class: 'connectivity', entity_category: 'diagnostic', payload_on: 'online', payload_off: 'offline' },
  },
  vlm_spend: {
    platform: 'sensor',
    name: 'VLM spend this month',
    extra: {
      device_class: 'monetary',
      unit_of_measurement: 'USD',
      state_class: 'total',
      suggested_display_precision: 2,
      value_template: '{{ value_json.usd }}',
      last_reset_value_template: '{{ value_json.month_start }}',
      icon: 'mdi:cash',
    },
  },
  problem: {
    platform: 'binary_sensor',
    name: 'Problem',
    extra: { device_class: 'problem', entity_category: 'diagnostic', payload_on: 'ON', payload_off: 'OFF' },
  },
  // p95 over the last day, from a clip's end to its first delivered notification; p50 and counts are attributes.
  // A day without alerts gives null, which the template renders as None: HA shows "unknown".
  alert_latency: {
    platform: 'sensor',
    name: 'Alert latency (p95, 24 h)',
    extra: {
      device_class: 'duration',
      unit_of_measurement: 's',
      state_class: 'measurement',
      suggested_display_precision: 1,
      value_template: '{{ value_json.p95_s }}',
      icon: 'mdi:timer-alert-outline',
    },
  },
  // Alerts nobody has looked at in the dashboard yet: a badge on a dashboard, or a reminder automation.
  unreviewed_alerts: {
    platform: 'sensor',
    name: 'Unreviewed alerts',
    extra: { state_class: 'measurement', unit_of_measurement: 'alerts', icon: 'mdi:bell-badge-outline' },
  },
  snooze_all: {
    platform: 'select',
    name: 'Snooze all cameras',
    extra: { options: SNOOZE_OPTIONS.map((o) => o.option), icon: 'mdi:bell-sleep' },
  },
};
