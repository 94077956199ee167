import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { ADDON_DEFAULTS } from '../../../server/src/config/embedded-defaults.js';
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

/** Values for match() leaves; each must also match its own pattern (checked below). */
const MATCH_SAMPLES: Record<string, string[]> = {
  database_url: ['postgres://homesec:pw@db:5432/homesec', 'postgresql://db/homesec'],
  'cameras[].name': ['front_door', 'a'.repeat(64)],
  'cameras[].url': ['rtsp://user:pass@192.168.1.20:554/stream1', 'rtsps://cam/stream'],
  'cameras[].detect_url': ['rtsp://192.168.1.20/sub'],
  'mqtt.url': ['mqtt://192.168.1.5:1883', 'mqtts://broker:8883', 'ws://broker:9001', 'wss://broker/mqtt'],
  'mqtt.topic_prefix': ['homesec', 'home/sec'],
  'mqtt.discovery_prefix': ['homeassistant'],
  'notify.public_url': ['https://ha.example.com', 'http://192.168.1.2:8123'],
};

/** Every value the option can take at its edges: bounds, each choice, both booleans. */
function samples(entry: LeafEntry, leaf: LeafType): unknown[] {
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
      return ['x'.repeat(Math.max(leaf.min ?? 1, 1)), ...(leaf.max === null ? [] : ['x'.repeat(leaf.max)])];
    case 'url':
      return ['https://api.openai.com/v1', 'http://192.168.1.10:11434/v1'];
    case 'list':
      return [...leaf.choices];
    case 'match':
      return MATCH_SAMPLES[entry.path] ?? [];
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
};

function cameraVariantsWith(key: string): string[] {
  const options = (CameraConfigSchema._zod.def as unknown as { options: z.ZodType[] }).options;
  return options.flatMap((option) => {
    const shape = (option._zod.def as unknown as { shape: Record<string, z.ZodType> }).shape;
    const source = (shape.source?._zod.def as unknown as { values: string[] } | undefined)?.values[0];
    return source !== undefined && key in shape ? [source] : [];
  });
}

/** Options as the Supervisor writes them, with one leaf set to `value`; every document a user can make. */
function documentsWith(entry: LeafEntry, value: unknown): Record<string, unknown>[] {
  const options = structuredClone(config.options);
  const [top, second, third] = entry.keys;
  if (top === 'cameras' && second === '[]' && third !== undefined) {
    const sources = third === 'source' ? [String(value)] : cameraVariantsWith(third);
    return sources.map((source) => ({ ...options, cameras: [{ ...BASE_CAMERAS[source], [third]: value }] }));
  }
  if (top === undefined) return [];
  if (second === undefined) return [{ ...options, [top]: value }];
  const section = { ...(options[top] as Record<string, unknown> | undefined) };
  section[second] = third === '[]' ? [value] : value;
  return [{ ...options, [top]: section }];
}

function parseAsAddon(options: Record<string, unknown>): string[] {
  const doc = { ...structuredClone(ADDON_DEFAULTS), ...options, http: ADDON_DEFAULTS.http };
  const parsed = ConfigSchema.safeParse(doc);
  return parsed.success ? [] : parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
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
    // Given every leaf path of the add-on schema
    // Then the zod schema has a field at the same snake_case path
    for (const entry of leaves) {
      const path = entry.keys.map((k) => (k === '[]' ? 0 : k));
      expect(schemaAt(ConfigSchema, path), entry.path).not.toBeNull();
    }
  });

  it('every default the add-on sets equals the service default (same meaning when untouched)', () => {
    // Given the service's own defaults
    const serviceDefaults = ConfigSchema.parse({}) as Record<string, unknown>;

    // Then each add-on default is the service's default for that key
    for (const [section, value] of Object.entries(config.options)) {
      if (typeof value !== 'object' || value === null || Array.isArray(value)) {
        expect(value, section).toStrictEqual(serviceDefaults[section]);
        continue;
      }
      for (const [key, inner] of Object.entries(value)) {
        expect(inner, `${section}.${key}`).toStrictEqual((serviceDefaults[section] as Record<string, unknown>)[key]);
      }
    }
  });

  it('every value the add-on form accepts is accepted by the service', () => {
    // Given each option's edge values (bounds, every choice, both booleans, sample patterns)
    const problems: string[] = [];
    for (const entry of leaves) {
      const leaf = parseLeaf(entry.type, regex);
      if (!leaf) throw new Error(`bad type ${entry.type}`);
      const values = samples(entry, leaf);
      if (values.length === 0) problems.push(`${entry.path}: no sample values`);
      for (const value of values) {
        if (leaf.kind === 'match' && !new RegExp(leaf.pattern ?? '').test(String(value)))
          problems.push(`${entry.path}: sample ${String(value)} fails its own pattern`);
        // When the service parses options holding that value
        for (const doc of documentsWith(entry, value))
          problems.push(...parseAsAddon(doc).map((p) => `${entry.path}=${JSON.stringify(value)} -> ${p}`));
      }
    }
    // Then it accepts every one
    expect(problems).toStrictEqual([]);
  });

  it('a choice list offers only values the service knows', () => {
    // Given an invalid value outside the add-on's list
    // When the service parses it, then it refuses it: the lists mirror the zod enums, not wider
    expect(parseAsAddon({ ...config.options, log_level: 'verbose' })).not.toStrictEqual([]);
    expect(parseAsAddon({ ...config.options, alerts: { ...(config.options.alerts as object), min_risk: 'none' } })).not.toStrictEqual([]);
  });
});
