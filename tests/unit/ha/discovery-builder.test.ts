import { describe, expect, it } from 'vitest';
import { buildDiscovery, type DiscoverySettings } from '../../../server/src/ha/discovery-builder.js';
import { stableStringify } from '../../../server/src/ha/stable-json.js';
import { HaDiscoveryChecker, loadHaRules } from '../../support/ha-discovery-rules.js';

const settings: DiscoverySettings = {
  discoveryPrefix: 'homeassistant',
  topicPrefix: 'homesec',
  swVersion: '1.2.0',
  configurationUrl: 'homeassistant://hassio/ingress/local_homesec',
  triggerLabels: ['person'],
  hubModel: 'Add-on',
};

const origin = { name: 'HomeSec', sw_version: '1.2.0', support_url: 'https://github.com/homesec/homesec' };
const online = [{ topic: 'homesec/status' }];

describe('buildDiscovery', () => {
  it('describes the hub device: status without availability; spend, problem, alert latency, unreviewed alerts and the all-cameras snooze with it', () => {
    // Given no cameras
    // When discovery is built
    const [hub, ...rest] = buildDiscovery([], settings);

    // Then there is exactly the hub device, with this payload
    expect(rest).toStrictEqual([]);
    expect(hub).toStrictEqual({
      topic: 'homeassistant/device/homesec/config',
      deviceId: 'homesec',
      payload: {
        device: {
          identifiers: ['homesec'],
          name: 'HomeSec',
          manufacturer: 'HomeSec',
          model: 'Add-on',
          sw_version: '1.2.0',
          configuration_url: 'homeassistant://hassio/ingress/local_homesec',
        },
        origin,
        components: {
          status: {
            platform: 'binary_sensor',
            name: 'Status',
            unique_id: 'homesec_status',
            default_entity_id: 'binary_sensor.homesec_status',
            device_class: 'connectivity',
            entity_category: 'diagnostic',
            payload_on: 'online',
            payload_off: 'offline',
            state_topic: 'homesec/status',
          },
          vlm_spend: {
            platform: 'sensor',
            name: 'VLM spend this month',
            unique_id: 'homesec_vlm_spend',
            default_entity_id: 'sensor.homesec_vlm_spend',
            device_class: 'monetary',
            unit_of_measurement: 'USD',
            state_class: 'total',
            suggested_display_precision: 2,
            value_template: '{{ value_json.usd }}',
            last_reset_value_template: '{{ value_json.month_start }}',
            icon: 'mdi:cash',
            state_topic: 'homesec/hub/vlm_spend',
            availability: online,
          },
          problem: {
            platform: 'binary_sensor',
            name: 'Problem',
            unique_id: 'homesec_problem',
            default_entity_id: 'binary_sensor.homesec_problem',
            device_class: 'problem',
            entity_category: 'diagnostic',
            payload_on: 'ON',
            payload_off: 'OFF',
            state_topic: 'homesec/hub/problem',
            json_attributes_topic: 'homesec/hub/problem/attributes',
            availability: online,
          },
          alert_latency: {
            platform: 'sensor',
            name: 'Alert latency (p95, 24 h)',
            unique_id: 'homesec_alert_latency',
            default_entity_id: 'sensor.homesec_alert_latency',
            device_class: 'duration',
            unit_of_measurement: 's',
            state_class: 'measurement',
            suggested_display_precision: 1,
            value_template: '{{ value_json.p95_s }}',
            icon: 'mdi:timer-alert-outline',
            state_topic: 'homesec/hub/alert_latency',
            json_attributes_topic: 'homesec/hub/alert_latency',
            availability: online,
          },
          unreviewed_alerts: {
            platform: 'sensor',
            name: 'Unreviewed alerts',
            unique_id: 'homesec_unreviewed_alerts',
            default_entity_id: 'sensor.homesec_unreviewed_alerts',
            state_class: 'measurement',
            unit_of_measurement: 'alerts',
            icon: 'mdi:bell-badge-outline',
            state_topic: 'homesec/hub/unreviewed_alerts',
            availability: online,
          },
          snooze_all: {
            platform: 'select',
            name: 'Snooze all cameras',
            unique_id: 'homesec_snooze_all',
            default_entity_id: 'select.homesec_snooze_all',
            options: ['Off', '30 min', '1 h', '2 h', '8 h', '24 h'],
            icon: 'mdi:bell-sleep',
            state_topic: 'homesec/hub/snooze',
            command_topic: 'homesec/hub/snooze/set',
            json_attributes_topic: 'homesec/hub/snooze/attributes',
            availability: online,
          },
        },
      },
    });
  });

  it('describes a camera device with all eleven entities, linked to the hub', () => {
    // Given one camera
    // When discovery is built
    const camera = buildDiscovery(['front_door'], settings)[1];

    // Then the camera device payload is exactly this
    const entity = (platform: string, key: string) => ({
      platform,
      unique_id: `homesec_front_door_${key}`,
      default_entity_id: `${platform}.homesec_front_door_${key}`,
    });
    expect(camera).toStrictEqual({
      topic: 'homeassistant/device/homesec_front_door/config',
      deviceId: 'homesec_front_door',
      payload: {
        device: {
          identifiers: ['homesec_front_door'],
          name: 'Front door',
          manufacturer: 'HomeSec',
          model: 'Camera',
          sw_version: '1.2.0',
          via_device: 'homesec',
          configuration_url: 'homeassistant://hassio/ingress/local_homesec',
        },
        origin,
        availability: online,
        qos: 1,
        components: {
          motion: {
            ...entity('binary_sensor', 'motion'),
            name: 'Motion',
            device_class: 'motion',
            payload_on: 'ON',
            payload_off: 'OFF',
            state_topic: 'homesec/camera/front_door/motion',
          },
          person: {
            ...entity('binary_sensor', 'person'),
            name: 'Person detected',
            device_class: 'occupancy',
            payload_on: 'ON',
            payload_off: 'OFF',
            state_topic: 'homesec/camera/front_door/person',
            json_attributes_topic: 'homesec/camera/front_door/person/attributes',
          },
          online: {
            ...entity('binary_sensor', 'online'),
            name: 'Online',
            device_class: 'connectivity',
            entity_category: 'diagnostic',
            payload_on: 'ON',
            payload_off: 'OFF',
            state_topic: 'homesec/camera/front_door/online',
          },
          alert: {
            ...entity('event', 'alert'),
            name: 'Alert',
            device_class: 'motion',
            event_types: ['low', 'medium', 'high', 'critical', 'unrated'],
            icon: 'mdi:alarm-light',
            state_topic: 'homesec/camera/front_door/alert',
          },
          last_summary: {
            ...entity('sensor', 'last_summary'),
            name: 'Last summary',
            icon: 'mdi:text-box-outline',
            state_topic: 'homesec/camera/front_door/summary',
            json_attributes_topic: 'homesec/camera/front_door/summary/attributes',
          },
          last_risk: {
            ...entity('sensor', 'last_risk'),
            name: 'Last risk',
            device_class: 'enum',
            options: ['low', 'medium', 'high', 'critical'],
            icon: 'mdi:shield-alert-outline',
            state_topic: 'homesec/camera/front_door/risk',
          },
          snapshot: {
            ...entity('image', 'snapshot'),
            name: 'Last snapshot',
            content_type: 'image/jpeg',
            image_topic: 'homesec/camera/front_door/snapshot',
          },
          armed: {
            ...entity('switch', 'armed'),
            name: 'Alerts armed',
            payload_on: 'ON',
            payload_off: 'OFF',
            icon: 'mdi:shield-home',
            state_topic: 'homesec/camera/front_door/armed',
            command_topic: 'homesec/camera/front_door/armed/set',
            json_attributes_topic: 'homesec/camera/front_door/armed/attributes',
          },
          clips_today: {
            ...entity('sensor', 'clips_today'),
            name: 'Clips today',
            state_class: 'total_increasing',
            unit_of_measurement: 'clips',
            icon: 'mdi:filmstrip-box-multiple',
            state_topic: 'homesec/camera/front_door/clips_today',
          },
          objects: {
            ...entity('sensor', 'objects'),
            name: 'Objects in view',
            state_class: 'measurement',
            unit_of_measurement: 'objects',
            icon: 'mdi:account-eye',
            state_topic: 'homesec/camera/front_door/objects',
          },
          stationary_objects: {
            ...entity('sensor', 'stationary_objects'),
            name: 'Stationary objects',
            state_class: 'measurement',
            unit_of_measurement: 'objects',
            icon: 'mdi:car-brake-parking',
            state_topic: 'homesec/camera/front_door/stationary_objects',
          },
          snooze: {
            ...entity('select', 'snooze'),
            name: 'Snooze',
            options: ['Off', '30 min', '1 h', '2 h', '8 h', '24 h'],
            icon: 'mdi:bell-sleep',
            state_topic: 'homesec/camera/front_door/snooze',
            command_topic: 'homesec/camera/front_door/snooze/set',
            json_attributes_topic: 'homesec/camera/front_door/snooze/attributes',
          },
        },
      },
    });
  });

  it('passes every Home Assistant discovery rule, with unique ids across cameras', () => {
    // Given three cameras, one of them named like the hub
    const messages = buildDiscovery(['front_door', 'garage', 'hub'], settings);

    // When each config is checked as Home Assistant would read it
    const checker = new HaDiscoveryChecker(loadHaRules());
    for (const m of messages) checker.checkConfig(m.topic, JSON.stringify(m.payload), true);

    // Then nothing breaks a rule and the camera called "hub" does not take the hub's identity
    expect(checker.problems).toStrictEqual([]);
    expect(new Set(messages.map((m) => m.deviceId)).size).toBe(4);
    expect(messages.map((m) => m.topic)).toContain('homeassistant/device/homesec_hub/config');
  });

  it('keeps two installs apart: another topic_prefix gives other ids and topics', () => {
    // Given a second HomeSec with its own topic prefix and a custom discovery prefix
    const other = {
      ...settings,
      topicPrefix: 'homesec-barn',
      discoveryPrefix: 'ha',
      configurationUrl: null,
      triggerLabels: ['car', 'person'],
    };

    // When discovery is built
    const [hub, camera] = buildDiscovery(['front_door'], other);

    // Then ids carry the instance, topics follow both prefixes, and the name says "trigger"
    expect(hub?.topic).toBe('ha/device/homesec_homesec_barn/config');
    expect(camera?.topic).toBe('ha/device/homesec_homesec_barn_front_door/config');
    const components = camera?.payload.components as Record<string, Record<string, unknown>>;
    expect(components.motion?.unique_id).toBe('homesec_homesec_barn_front_door_motion');
    expect(components.motion?.state_topic).toBe('homesec-barn/camera/front_door/motion');
    expect(components.person?.name).toBe('Trigger detected');
    expect(camera?.payload.device).not.toHaveProperty('configuration_url');
    const checker = new HaDiscoveryChecker(loadHaRules(), 'ha');
    for (const m of [hub, camera]) if (m) checker.checkConfig(m.topic, JSON.stringify(m.payload), true);
    expect(checker.problems).toStrictEqual([]);
  });

  it('is pure: the same input gives byte-identical payloads', () => {
    // Given the same cameras twice
    // When built twice
    const a = buildDiscovery(['a', 'b'], settings).map((m) => stableStringify(m.payload));
    const b = buildDiscovery(['a', 'b'], settings).map((m) => stableStringify(m.payload));

    // Then the publisher can compare them as strings
    expect(a).toStrictEqual(b);
  });
});

describe('HaDiscoveryChecker', () => {
  it('catches the mistakes it is there for', () => {
    // Given configs that break rules: abbreviated unknown key, exclusive keys, missing unique_id, not retained
    const checker = new HaDiscoveryChecker(loadHaRules());
    const device = { identifiers: ['x'], name: 'X' };
    const origin = { name: 'HomeSec' };
    checker.checkConfig(
      'homeassistant/image/x/snap/config',
      JSON.stringify({ img_t: 'a/b', url_t: 'a/c', dev: device, o: origin, def_ent_id: 'image.x' }),
      false,
    );
    checker.checkConfig(
      'homeassistant/sensor/x/y/config',
      JSON.stringify({ stat_t: 'a/+', bogus: 1, uniq_id: 'u', dev: device, o: origin, def_ent_id: 'sensor.x', options: ['a'] }),
      true,
    );

    // Then each mistake is reported
    const text = checker.problems.join('\n');
    expect(text).toMatch(/must be retained/);
    expect(text).toMatch(/image_topic and url_topic are exclusive/);
    expect(text).toMatch(/unique_id missing/);
    expect(text).toMatch(/unknown key bogus/);
    expect(text).toMatch(/wildcards/);
    expect(text).toMatch(/options only with device_class enum/);
  });
});
