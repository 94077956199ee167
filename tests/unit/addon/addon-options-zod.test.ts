import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { addonFields, type AddonField } from '../../../server/src/config/addon-fields.js';
import { loadConfig } from '../../../server/src/config/load-config.js';
import { ConfigSchema } from '../../../server/src/config/schema.js';
import { schemaAt } from '../../../server/src/config/schema-walk.js';
import { CameraConfigSchema } from '../../../server/src/config/sections/camera-config.js';
import { makeTempDir } from '../../support/temp-dir.js';
import { readAddonConfig, schemaTypeRegex } from './addon-files.js';
import { parseLeaf, schemaLeaves, type LeafEntry, type LeafType } from './supervisor-options.js';

const config = readAddonConfig();
const regex = schemaTypeRegex();
const leaves = schemaLeaves(config.schema);
const tmp = makeTempDir('homesec-addon-options-');
afterAll(() => tmp.remove());

function flatten(fields: readonly AddonField[]): AddonField[] {
  return fields.flatMap((f) => (f.kind === 'dict' ? [f, ...flatten(f.fields)] : [f]));
}
/** Option path (`cameras[].motion_fps`, lists as `x[]`) -> the field it belongs to. */
const fieldAt = new Map(
  flatten(addonFields()).flatMap((f) => [[f.path, f] as const, ...(f.kind === 'list' ? [[`${f.path}[]`, f] as const] : [])]),
);

/** Values for match() leaves; each must also match its own pattern (checked below). */
const MATCH_SAMPLES: Record<string, string[]> = {
  database_url: ['postgres://homesec:pw@db:5432/homesec', 'postgresql://db/homesec'],
  'cameras[].name': ['front_door', 'a'.repeat(64)],
  'cameras[].url': ['rtsp://user:pass@192.168.1.20:554/stream1', 'rtsps://cam/stream'],
  'cameras[].detect_url': ['rtsp://192.168.1.20/sub'],
  'cameras[].entity_id': ['camera.front_door', 'camera.reolink_e1_zoom_fluent'],
  'cameras[].motion_mask[]': ['0,0,1,0.1', ' 0.5 , 0.25, 0.5,0.75 '],
  'cameras[].motion_mask_polygons[]': ['0,0.8 0.3,0.8 0.3,1', '0,0,1,0,1,1.0,0,1'],
  'zones[].name': ['driveway', 'a'.repeat(64)],
  'zones[].points': ['0.5,0.5 1,0.5 1,1', ' 0 , 0 , 1 , 0 , 0.5 , 1.0 '],
  'detector.model_url': ['https://example.com/models/yolox_nano.onnx'],
  'analyzer.base_url': ['https://api.openai.com/v1', 'http://192.168.1.10:11434/v1'],
  'alerts.always_alert_activities[]': ['dangerous_activity', 'suspicious_behavior', 'unknown'],
  'alerts.arming.presence_entities[]': ['person.anna', 'group.family', 'device_tracker.phone'],
  'analyzer.ai_task_entity': ['ai_task.openai_ai_task'],
  'analyzer.ha_media_source': ['media-source://media_source/local/homesec'],
  'alerts.quiet_hours.start': ['00:00', '23:59'],
  'alerts.quiet_hours.end': ['06:30'],
  'alerts.overrides[].always_alert_activities[]': ['passerby', 'normal_delivery'],
  'alerts.overrides[].quiet_hours_start': ['22:00'],
  'alerts.overrides[].quiet_hours_end': ['07:00'],
  'mqtt.url': ['mqtt://192.168.1.5:1883', 'mqtts://broker:8883', 'ws://broker:9001', 'wss://broker/mqtt'],
  'mqtt.topic_prefix': ['homesec', 'home/sec'],
  'mqtt.discovery_prefix': ['homeassistant'],
  'notify.public_url': ['https://ha.example.com', 'http://192.168.1.2:8123'],
  'notify.email.sendgrid.api_base': ['https://api.sendgrid.com/v3'],
  'ftp.passive_url': ['192.168.1.10'],
  'ftp.video_extensions[]': ['mp4', '.MKV'],
  'offsite.dropbox.root': ['/homesec', '/Apps/HomeSec cams'],
  'offsite.dropbox.api_url': ['https://api.dropboxapi.com'],
  'offsite.dropbox.content_url': ['https://content.dropboxapi.com'],
};

/** Every value the option can take at its edges: bounds, each choice, both booleans, "" when optional. */
function samples(entry: LeafEntry, leaf: LeafType): unknown[] {
  const cleared = leaf.optional && ['str', 'password', 'match'].includes(leaf.kind) && !entry.path.endsWith('[]') ? [''] : [];
  switch (leaf.kind) {
    case 'bool':
      return [true, false];
    case 'int':
      return [leaf.min ?? 0, leaf.max ?? (leaf.min ?? 0) + 1000];
    case 'float':
      return [leaf.min ?? 0, leaf.max ?? (leaf.min ?? 0) + 1000.5, ((leaf.min ?? 0) + (leaf.max ?? 10)) / 2];
    case 'port':
      return [1, 65535];
    case 'str':
    case 'password':
      return [
        ...cleared,
        ...(STR_SAMPLES[entry.path] ?? ['x'.repeat(Math.max(leaf.min ?? 1, 1)), ...(leaf.max === null ? [] : ['x'.repeat(leaf.max)])]),
      ];
    case 'url':
      return ['https://api.openai.com/v1', 'http://192.168.1.10:11434/v1'];
    case 'list':
      return [...leaf.choices];
    case 'match':
      return [...cleared, ...(MATCH_SAMPLES[entry.path] ?? [])];
    case 'email':
    case 'device':
      return [];
  }
}

/** Cameras that satisfy every required key and cross-field rule of their source. */
const BASE_CAMERAS: Record<string, Record<string, unknown>> = {
  rtsp: { name: 'cam', source: 'rtsp', url: 'rtsp://cam/stream', pre_roll_s: 0, post_roll_s: 0, max_clip_s: 3600 },
  ftp: { name: 'cam', source: 'ftp' },
  folder: { name: 'cam', source: 'folder' },
  home_assistant: {
    name: 'cam',
    source: 'home_assistant',
    entity_id: 'camera.front_door',
    pre_roll_s: 0,
    post_roll_s: 0,
    max_clip_s: 3600,
  },
};

/** Camera sources whose zod shape has the config key. */
function cameraVariantsWith(key: string): string[] {
  const options = (CameraConfigSchema._zod.def as unknown as { options: z.ZodType[] }).options;
  return options.flatMap((option) => {
    const shape = (option._zod.def as unknown as { shape: Record<string, z.ZodType> }).shape;
    const source = (shape.source?._zod.def as unknown as { values: string[] } | undefined)?.values[0];
    return source !== undefined && key in shape ? [source] : [];
  });
}

/** Fields that only make sense together: a value for one comes with the others (not for a cleared ""). */
const COMPANIONS: Record<string, Record<string, unknown>> = {
  'alerts.quiet_hours': { start: '22:00', end: '06:00' },
  'alerts.overrides[]': { quiet_hours_start: '22:00', quiet_hours_end: '06:00' },
  'notify.email': { from: 'HomeSec <homesec@example.com>', to: ['me@example.com'], smtp: { host: 'smtp.example.com' } },
  offsite: { dropbox: { access_token: 'token' } },
};

/** A choice that needs another section set (schedule arms during quiet hours): the document gets it too. */
const VALUE_NEEDS: Record<string, Record<string, unknown>> = {
  'alerts.arming.mode="schedule"': { quiet_hours: { start: '22:00', end: '06:00' } },
};

/** Text values that must name something that exists (the camera an override is for). */
const STR_SAMPLES: Record<string, string[]> = {
  'alerts.overrides[].camera': ['cam'],
  'zones[].camera': ['cam'],
  'alerts.overrides[].require_zones[]': ['yard'],
};

/** A zone on the base camera: what zones[] items start from, and what an override's require_zones names. */
const BASE_ZONE = { camera: 'cam', name: 'yard', points: '0,0 1,0 1,1' };

/** Options as the Supervisor writes them, with one leaf set to `value`; every document a user can make. */
function documentsWith(entry: LeafEntry, value: unknown): Record<string, unknown>[] {
  const options = structuredClone(config.options);
  const keys = entry.keys;
  const listAt = keys.indexOf('[]');
  const leafValue = keys.at(-1) === '[]' ? [value] : value;
  const path = keys.at(-1) === '[]' ? keys.slice(0, -1) : keys;
  if (keys[0] === 'cameras') {
    const key = path[2] ?? '';
    const target = fieldAt.get(entry.path)?.target[0] ?? key;
    // A cleared field that a source requires (an rtsp camera's url) is an error there, rightly.
    const sources = (key === 'source' ? [String(value)] : cameraVariantsWith(target)).filter(
      (s) => !(value === '' && key in (BASE_CAMERAS[s] ?? {})),
    );
    return sources.map((source) => ({ ...options, cameras: [{ ...BASE_CAMERAS[source], [key]: leafValue }] }));
  }
  if (keys[0] === 'zones') return [{ ...options, cameras: [BASE_CAMERAS.folder], zones: [{ ...BASE_ZONE, [path[2] ?? '']: leafValue }] }];
  if (listAt >= 0 && listAt < keys.length - 1) {
    // A field of a list of sections (overrides, prices): one item with the required fields and it.
    const [top, section] = path;
    const companions = value === '' ? {} : (COMPANIONS[`${top ?? ''}.${section ?? ''}[]`] ?? {});
    const item = top === 'alerts' ? { camera: 'cam', ...companions } : { model: 'm', input_usd_per_mtok: 1, output_usd_per_mtok: 2 };
    const sectionValue = { ...(options[top ?? ''] as Record<string, unknown>), [section ?? '']: [{ ...item, [path[3] ?? '']: leafValue }] };
    return [{ ...options, cameras: [BASE_CAMERAS.folder], zones: [BASE_ZONE], [top ?? '']: sectionValue }];
  }
  const doc = structuredClone(options);
  let node: Record<string, unknown> = doc;
  path.slice(0, -1).forEach((k, i) => {
    const companions = value === '' ? {} : (COMPANIONS[path.slice(0, i + 1).join('.')] ?? {});
    node[k] = { ...((node[k] as Record<string, unknown> | undefined) ?? {}), ...companions };
    node = node[k] as Record<string, unknown>;
  });
  node[path.at(-1) ?? ''] = leafValue;
  const needs = VALUE_NEEDS[`${entry.path}=${JSON.stringify(value)}`];
  if (needs) doc[path[0] ?? ''] = { ...(doc[path[0] ?? ''] as Record<string, unknown>), ...needs };
  return [doc];
}

let files = 0;
function loadAsAddon(options: Record<string, unknown>): readonly string[] {
  const path = join(tmp.path, `options-${(files += 1)}.json`);
  writeFileSync(path, JSON.stringify(options));
  const loaded = loadConfig({ env: { HOMESEC_OPTIONS_PATH: path } });
  return loaded.ok ? [] : loaded.error.problems;
}

describe('add-on options and the zod config schema', () => {
  it('the default options load as the add-on would: options.json over the add-on defaults', () => {
    // Given the Supervisor wrote the default options to /data/options.json
    const path = join(tmp.path, 'options.json');
    writeFileSync(path, JSON.stringify(config.options));

    // When the service loads its configuration in add-on mode
    const loaded = loadConfig({ env: { HOMESEC_OPTIONS_PATH: path } });

    // Then it is valid, from the add-on, with data in /data, clips in /media/homesec and ingress only
    expect(loaded.ok ? null : loaded.error.problems).toBeNull();
    if (!loaded.ok) return;
    expect(loaded.value.origin).toStrictEqual({ kind: 'addon', path });
    expect(loaded.value.config.dataDir).toBe('/data');
    expect(loaded.value.config.mediaDir).toBe('/media/homesec');
    expect(loaded.value.config.http.ingressOnly).toBe(true);
  });

  it('every option the add-on offers is a key of the service config', () => {
    // Given every leaf path of the add-on schema, and where the add-on puts its value in the config
    for (const entry of leaves) {
      const field = fieldAt.get(entry.path);
      expect(field, entry.path).toBeDefined();
      // Then the zod schema has a field at that snake_case path
      const path = (field?.configPath ?? '').split('.').flatMap((k) => (k.endsWith('[]') ? [k.slice(0, -2), 0] : [k]));
      expect(schemaAt(ConfigSchema, path), entry.path).not.toBeNull();
    }
  });

  it('every default the add-on sets equals the service default (same meaning when untouched)', () => {
    // Given the service's own defaults
    const serviceDefaults = ConfigSchema.parse({}) as Record<string, unknown>;
    // Then each add-on default is the service's default at the same path
    const compare = (value: unknown, service: unknown, path: string) => {
      if (typeof value === 'object' && value !== null && !Array.isArray(value)) {
        for (const [key, inner] of Object.entries(value))
          compare(inner, (service as Record<string, unknown> | null)?.[key], `${path}.${key}`);
        return;
      }
      expect(value, path).toStrictEqual(service);
    };
    for (const [key, value] of Object.entries(config.options)) compare(value, serviceDefaults[key], key);
  });

  it('every value the add-on form accepts is accepted by the service', () => {
    // Given each option's edge values (bounds, every choice, both booleans, sample patterns, "")
    const problems: string[] = [];
    for (const entry of leaves) {
      const leaf = parseLeaf(entry.type, regex);
      if (!leaf) throw new Error(`bad type ${entry.type}`);
      const values = samples(entry, leaf).filter((v) => v !== '');
      if (values.length === 0) problems.push(`${entry.path}: no sample values (add some to MATCH_SAMPLES)`);
      for (const value of samples(entry, leaf)) {
        const pattern = leaf.pattern ?? '';
        if (leaf.kind === 'match' && !new RegExp(`^(?:${pattern})`).test(String(value)))
          problems.push(`${entry.path}: sample ${String(value)} fails its own pattern`);
        // When the service loads options holding that value
        for (const doc of documentsWith(entry, value))
          problems.push(...loadAsAddon(doc).map((p) => `${entry.path}=${JSON.stringify(value)} -> ${p}`));
      }
    }
    // Then it accepts every one
    expect(problems).toStrictEqual([]);
  });

  it('a choice list offers only values the service knows', () => {
    // Given an invalid value outside the add-on's list
    // When the service parses it, then it refuses it: the lists mirror the zod enums, not wider
    expect(loadAsAddon({ ...config.options, log_level: 'verbose' })).not.toStrictEqual([]);
    expect(loadAsAddon({ ...config.options, alerts: { ...(config.options.alerts as object), min_risk: 'none' } })).not.toStrictEqual([]);
  });
});
