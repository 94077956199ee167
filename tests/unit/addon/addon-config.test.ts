import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FtpConfigSchema } from '../../../server/src/config/sections/ftp-config.js';
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
    expect(map).toStrictEqual(['media:rw', 'share:rw', 'addon_config:rw']);
    for (const entry of map) expect(entry).toMatch(new RegExp(rules.linter.map_string_pattern));
    expect(config.services).toStrictEqual(['mqtt:want']);
    expect(String(config.homeassistant)).toMatch(/^20\d\d\.\d+\.\d+$/);
    expect(config.timeout).toBeGreaterThanOrEqual(10);
    expect(config.timeout).toBeLessThanOrEqual(300);
  });

  it('names the per-arch image the release workflow pushes, under the owner of the repository URL', () => {
    // Given the repository manifest's URL and the release workflow
    const repo = readYaml(join(REPO_DIR, 'repository.yaml')) as { url: string };
    const owner = new URL(repo.url).pathname.split('/')[1];
    const workflow = readFileSync(join(REPO_DIR, '.github', 'workflows', 'addon.yaml'), 'utf8');

    // Then the Supervisor pulls ghcr.io/<owner>/<arch>-homesec:<version>, with no tag in the name
    expect(config.image).toBe(`ghcr.io/${owner}/{arch}-homesec`);
    for (const part of String(config.image).split('/').slice(1)) expect(part).toMatch(/^[a-z0-9{][a-z0-9.\-_{}]*$/);
    expect(config.url).toBe(repo.url);
    // And the workflow pushes exactly that name for each arch, lowercased from the repository owner
    expect(workflow).toContain('ghcr.io/${{ env.OWNER }}/${{ matrix.arch }}-homesec:${{ needs.version.outputs.version }}');
  });

  it('opens the FTP port and the whole passive range with the same numbers on the host, and describes each', () => {
    // Given the FTP server's defaults in the zod config
    const ftp = FtpConfigSchema.parse({});
    const expected = [
      ftp.port,
      ...Array.from({ length: ftp.passive_port_max - ftp.passive_port_min + 1 }, (_, i) => ftp.passive_port_min + i),
    ];
    // Then each port is published as itself (a passive port is announced by its number) and described
    const ports = config.ports as Record<string, number>;
    expect(Object.keys(ports).sort()).toStrictEqual(expected.map((p) => `${p}/tcp`).sort());
    for (const [key, host] of Object.entries(ports)) {
      expect(key).toMatch(/^\d+(\/(tcp|udp))?$/);
      expect(host).toBe(Number.parseInt(key, 10));
      expect((config.ports_description as Record<string, string>)[key], key).toEqual(expect.any(String));
    }
  });

  it('stops within its timeout: the s6 grace times in the image add up to less than timeout', () => {
    // Given the Dockerfile's s6 grace times (ms)
    const dockerfile = readFileSync(join(REPO_DIR, 'homesec', 'Dockerfile'), 'utf8');
    const grace = (name: string) => Number(new RegExp(`${name}=(\\d+)`).exec(dockerfile)?.[1]);
    // Then the service's grace plus the final kill grace fit inside Docker's stop timeout
    expect(grace('S6_SERVICES_GRACETIME') + grace('S6_KILL_GRACETIME')).toBeLessThan(Number(config.timeout) * 1000);
  });

  it('keeps user models in backups: only temporary files and the live databases (their snapshots are in) are left out', () => {
    // Then only temporary and partial files, and the live SQLite files that backup_pre snapshots, are left out
    const live = ['local.db', 'homesec.db'].flatMap((f) => [f, `${f}-wal`, `${f}-shm`]);
    expect(config.backup_exclude).toStrictEqual(['*.tmp', '*.part', ...live]);
    // And the snapshots (data/backup-snapshot/*.snapshot.db) match none of them, as the Supervisor matches (from the right)
    const matchesFromRight = (path: string, pattern: string) => path === pattern || path.endsWith(`/${pattern}`);
    for (const pattern of live) expect(matchesFromRight('backup-snapshot/local.snapshot.db', pattern)).toBe(false);
    expect(config.backup_pre).toBe('/usr/local/bin/homesec-backup pre');
    expect(config.backup_post).toBe('/usr/local/bin/homesec-backup post');
  });
});

describe('homesec/config.yaml options and schema against the Supervisor rules', () => {
  const regex = schemaTypeRegex();

  it('uses only type strings the Supervisor understands, nested as it can validate', () => {
    // Given every leaf of the schema
    const leaves = schemaLeaves(config.schema);

    // Then each type parses and no list directly holds a list
    for (const leaf of leaves) expect(parseLeaf(leaf.type, regex), `${leaf.path}: ${leaf.type}`).not.toBeNull();
    expect(nestingProblems(config.schema)).toStrictEqual([]);
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

  it('accepts a camera added in the form with only its own fields (no sections to fill in)', () => {
    // Given a camera with just a name and a source, as the list editor adds it
    const options = { ...config.options, cameras: [{ name: 'garage', source: 'folder' }] };
    // Then the Supervisor does not ask for any nested section
    expect(validateOptions(config.schema, options, regex)).toStrictEqual([]);
  });

  it('accepts a cleared optional text field ("") where HA saves one', () => {
    // Given optional texts cleared in the form
    const options = {
      ...config.options,
      cameras: [{ name: 'cam', source: 'rtsp', url: 'rtsp://cam/1', detect_url: '', path: '', username: '' }],
      detector: { ...(config.options.detector as object), model: '', model_url: '' },
    };
    // Then the Supervisor accepts them (HomeSec reads them as not set)
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
