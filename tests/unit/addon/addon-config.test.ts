import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_DIR } from '../../support/paths.js';
import { loadHaRules } from '../../support/ha-discovery-rules.js';
import { readAddonConfig, readYaml, schemaTypeRegex } from './addon-files.js';
import { nestingProblems, parseLeaf, schemaLeaves, validateOptions } from './supervisor-options.js';

const rules = loadHaRules();
const config = readAddonConfig();

describe('homesec/config.yaml against the add-on linter rules', () => {
  it('has the required keys with the right types', () => {
    // Given the add-on config
    // Then the required keys are there, version is a quoted string equal to the server's version
    for (const key of rules.addon_config_required) expect(config[key], key).toBeDefined();
    const serverVersion = (JSON.parse(readFileSync(join(REPO_DIR, 'server', 'package.json'), 'utf8')) as { version: string }).version;
    expect(config.version).toBe(serverVersion);
    expect(config.slug).toBe('homesec');
    expect(config.slug).toMatch(new RegExp(rules.addon_config_types.slug?.pattern ?? '^$'));
    expect(config.arch).toStrictEqual(['aarch64', 'amd64']);
    expect(typeof config.description).toBe('string');
    expect(String(config.url)).toMatch(/^https:\/\//);
  });

  it('has no key the linter does not know, none at its default value, and no watchdog', () => {
    // Given the linter's known keys and defaults
    const known = new Set(Object.keys(rules.addon_config_types));

    // Then every key is known and none repeats a default
    for (const key of Object.keys(config)) expect(known.has(key), `unknown key ${key}`).toBe(true);
    for (const [key, value] of Object.entries(rules.linter.defaults_flagged)) {
      if (key in config) expect(config[key], `${key} uses its default value`).not.toStrictEqual(value);
    }
    expect(config).not.toHaveProperty('watchdog');
    expect(config).not.toHaveProperty('webui');
    expect(config).not.toHaveProperty('build_from');
  });

  it('runs s6 as PID 1, opens the panel through ingress and maps media and its config folder', () => {
    // Then the s6-overlay, ingress, storage and service keys are as the add-on needs them
    expect(config.init).toBe(false);
    expect(config.ingress).toBe(true);
    expect(config).not.toHaveProperty('ingress_port');
    expect(String(config.panel_icon)).toMatch(/^mdi:[a-z-]+$/);
    expect(config.panel_title).toBe('HomeSec');
    const map = config.map as string[];
    expect(map).toStrictEqual(['media:rw', 'addon_config:rw']);
    for (const entry of map) expect(entry).toMatch(new RegExp(rules.linter.map_string_pattern));
    expect(config.services).toStrictEqual(['mqtt:want']);
    expect(String(config.homeassistant)).toMatch(/^20\d\d\.\d+\.\d+$/);
    expect(config.timeout).toBeGreaterThanOrEqual(10);
    expect(config.timeout).toBeLessThanOrEqual(300);
  });

  it('names a generic multi-arch image without a tag', () => {
    // Then the Supervisor pulls ghcr.io/<owner>/homesec:<version>
    expect(String(config.image)).toMatch(/^ghcr\.io(\/[a-z0-9][a-z0-9.\-_]*)+$/);
    expect(String(config.image)).not.toContain(':');
  });
});

describe('homesec/config.yaml options and schema against the Supervisor rules', () => {
  const regex = schemaTypeRegex();

  it('uses only type strings the Supervisor understands, nested as it can validate', () => {
    // Given every leaf of the schema
    const leaves = schemaLeaves(config.schema);

    // Then each type parses and the nesting stays within what the Supervisor validates
    for (const leaf of leaves) expect(parseLeaf(leaf.type, regex), `${leaf.path}: ${leaf.type}`).not.toBeNull();
    expect(nestingProblems(config.schema)).toStrictEqual([]);
    // match() is re.match (anchored at the start only): every pattern must end with $
    for (const leaf of leaves) if (leaf.type.startsWith('match(')) expect(leaf.type, leaf.path).toMatch(/\$\)\??$/);
  });

  it('has defaults the Supervisor accepts for its own schema', () => {
    // When the Supervisor validates the default options
    // Then nothing is missing or wrong, and no option without a schema entry is dropped
    expect(validateOptions(config.schema, config.options, regex)).toStrictEqual([]);
  });

  it('asks secrets in password fields', () => {
    // Then the keys that hold secrets render as password fields
    const leaves = new Map(schemaLeaves(config.schema).map((l) => [l.path, l.type]));
    for (const path of ['analyzer.api_key', 'mqtt.password', 'cameras[].password']) expect(leaves.get(path), path).toMatch(/^password/);
  });

  it('a typical user configuration passes the Supervisor', () => {
    // Given options with one camera of each source, a VLM key and a broker override
    const options = {
      ...config.options,
      cameras: [
        {
          name: 'front_door',
          source: 'rtsp',
          url: 'rtsp://user:pass@192.168.1.20:554/stream1',
          detect_url: 'rtsp://192.168.1.20/sub',
          context: 'Front door',
        },
        { name: 'garden', source: 'ftp', username: 'garden_cam', password: 'secret' },
        { name: 'garage', source: 'folder', path: '/share/garage', enabled: false },
      ],
      analyzer: { ...(config.options.analyzer as object), enabled: true, api_key: 'sk-test' },
      mqtt: { ...(config.options.mqtt as object), url: 'mqtt://192.168.1.5:1883', username: 'homesec', password: 'pw' },
    };
    // Then the Supervisor accepts them
    expect(validateOptions(config.schema, options, regex)).toStrictEqual([]);
  });
});

describe('repository.yaml', () => {
  it('names the repository with only the keys the Supervisor reads', () => {
    // Given the repository manifest
    const repo = readYaml(join(REPO_DIR, 'repository.yaml')) as Record<string, unknown>;
    // Then it has a name and only known keys
    for (const key of rules.repository_yaml.required) expect(repo[key]).toEqual(expect.any(String));
    for (const key of Object.keys(repo)) expect([...rules.repository_yaml.required, ...rules.repository_yaml.optional]).toContain(key);
  });
});
