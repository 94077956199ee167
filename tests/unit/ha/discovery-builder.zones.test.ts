import { describe, expect, it } from 'vitest';
import type { Zone } from '../../../server/src/core/zone.js';
import { ConfigSchema, parseConfigSection } from '../../../server/src/config/schema.js';
import { buildDiscovery, type DiscoverySettings } from '../../../server/src/ha/discovery-builder.js';
import { discoverySettings } from '../../../server/src/ha/discovery-settings.js';
import { createLogger } from '../../../server/src/logging/logger.js';
import { HaDiscoveryChecker, loadHaRules } from '../../support/ha-discovery-rules.js';

const square = [
  [0.5, 0.5],
  [1, 0.5],
  [1, 1],
] as const;
const zones: readonly Zone[] = [
  { name: 'driveway', points: square, labels: [] },
  { name: 'front_yard', points: square, labels: ['person', 'dog'] },
];
const settings: DiscoverySettings = {
  discoveryPrefix: 'homeassistant',
  topicPrefix: 'homesec',
  swVersion: '1.2.0',
  configurationUrl: null,
  triggerLabels: ['person'],
  hubModel: 'Add-on',
  zones: new Map([['front_door', zones]]),
};

describe('buildDiscovery with zones', () => {
  it('gives each zone of a camera an occupancy sensor named by what counts there, and none to a camera without zones', () => {
    // Given front_door with a driveway (the trigger labels count) and a front yard (person and dog), and a garage without zones
    // When discovery is built
    const [, front, garage] = buildDiscovery(['front_door', 'garage'], settings);

    // Then front_door has one binary occupancy sensor per zone, on its own topics
    const components = front?.payload.components as Record<string, Record<string, unknown>>;
    expect(components.zone_driveway).toStrictEqual({
      platform: 'binary_sensor',
      name: 'Person in driveway',
      unique_id: 'homesec_front_door_zone_driveway',
      default_entity_id: 'binary_sensor.homesec_front_door_zone_driveway',
      device_class: 'occupancy',
      payload_on: 'ON',
      payload_off: 'OFF',
      icon: 'mdi:vector-polygon',
      state_topic: 'homesec/camera/front_door/zone/driveway',
      json_attributes_topic: 'homesec/camera/front_door/zone/driveway/attributes',
    });
    expect(components.zone_front_yard?.name).toBe('Person or dog in front yard');
    // And the garage has no zone entity
    expect(Object.keys(garage?.payload.components as object).filter((k) => k.startsWith('zone_'))).toStrictEqual([]);
    // And every payload passes Home Assistant's discovery rules
    const checker = new HaDiscoveryChecker(loadHaRules());
    for (const m of [front, garage]) if (m) checker.checkConfig(m.topic, JSON.stringify(m.payload), true);
    expect(checker.problems).toStrictEqual([]);
  });
});

describe('discoverySettings with zones', () => {
  it('gives zone sensors to live cameras only: a folder camera has no live frames to follow', async () => {
    // Given an RTSP camera and a folder camera, each with a zone
    const config = parseConfigSection(ConfigSchema, {
      cameras: [
        { name: 'front_door', source: 'rtsp', url: 'rtsp://cam/main' },
        { name: 'garage', source: 'folder' },
      ],
      zones: [
        { camera: 'front_door', name: 'driveway', points: '0.5,0.5 1,0.5 1,1' },
        { camera: 'garage', name: 'bench', points: '0,0 0.5,0 0.5,0.5' },
      ],
    });

    // When the discovery settings are made (outside the add-on)
    const made = await discoverySettings(config, '1.2.0', null, createLogger('silent'));

    // Then only the RTSP camera's zone gets a sensor
    const zoneNames = [...(made.zones ?? new Map<string, readonly Zone[]>()).entries()].map(([camera, zs]) => [
      camera,
      zs.map((z) => z.name),
    ]);
    expect(zoneNames).toStrictEqual([['front_door', ['driveway']]]);
  });
});
