import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../../server/src/config/load-config.js';
import { makeTempDir } from '../../support/temp-dir.js';

describe('loadConfig', () => {
  let dir: ReturnType<typeof makeTempDir>;
  beforeEach(() => {
    dir = makeTempDir();
  });
  afterEach(() => dir.remove());

  const write = (name: string, text: string) => {
    const path = join(dir.path, name);
    writeFileSync(path, text);
    return path;
  };

  it('runs on embedded defaults with no config file: SQLite in ./data and a demo camera', () => {
    // Given no config path, no HOMESEC_CONFIG and no add-on options file
    // When the config is loaded
    const result = loadConfig({ env: { HOMESEC_OPTIONS_PATH: join(dir.path, 'none.json') }, cwd: dir.path });
    // Then the defaults hold
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    const { config, origin } = result.value;
    expect(origin.kind).toBe('defaults');
    expect(config.dataDir).toBe(join(dir.path, 'data'));
    expect(config.mediaDir).toBe(join(dir.path, 'data', 'media'));
    expect(config.databaseUrl).toBe('');
    expect(config.http).toEqual({
      host: '0.0.0.0',
      port: 8099,
      ingressOnly: false,
      password: '',
      users: [],
      sessionDays: 30,
      metricsToken: '',
      trustedProxies: [],
    });
    expect(config.cameras).toEqual([
      expect.objectContaining({ name: 'demo', source: 'folder', path: join(dir.path, 'data', 'inbox', 'demo') }),
    ]);
    expect(Object.isFrozen(config.http)).toBe(true);
  });

  it('reports an unknown key with the nearest valid key, a wrong type and a duplicate camera together', () => {
    // Given a YAML file with three different mistakes
    const path = write(
      'bad.yaml',
      [
        'htp: {}',
        'http: { port: "eighty" }',
        'cameras:',
        '  - { name: porch, source: folder }',
        '  - { name: porch, source: folder }',
      ].join('\n'),
    );
    // When it is loaded
    const result = loadConfig({ configPath: path, env: {} });
    // Then every problem is named by its path
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error.problems).toEqual(
      expect.arrayContaining([
        'htp: unknown key (did you mean "http"?)',
        expect.stringMatching(/^http\.port: .*expected number/),
        'cameras[1].name: duplicate camera name "porch" (also cameras[0])',
      ]),
    );
  });

  it('names an unknown camera source and a bad camera name', () => {
    // Given a camera with a source that does not exist and one with spaces in its name
    const path = write('c.yaml', 'cameras:\n  - { name: back, source: webcam }\n  - { name: Back Yard, source: folder }\n');
    // When loaded, Then both are reported with what is allowed
    const result = loadConfig({ configPath: path, env: {} });
    expect(result.ok ? [] : result.error.problems).toEqual([
      'cameras[0].source: must be one of folder, ftp, rtsp, home_assistant',
      'cameras[1].name: camera names use lowercase letters, digits and _ only',
    ]);
  });

  it('layers HOMESEC_<PATH> environment variables over the file, typed by the schema', () => {
    // Given a file and environment overrides for a secret, a number and a boolean
    const path = write('ok.yaml', 'mqtt: { url: "mqtt://broker:1883", username: cam }\n');
    const env = {
      HOMESEC_MQTT__PASSWORD: 's3cret',
      HOMESEC_HTTP__PORT: '8100',
      HOMESEC_HTTP__INGRESS_ONLY: 'true',
      HOMESEC_NOT__A_KEY: 'x',
    };
    // When loaded
    const result = loadConfig({ configPath: path, env });
    // Then the environment wins and unknown variables are listed, not applied
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.value.config.mqtt).toMatchObject({ url: 'mqtt://broker:1883', username: 'cam', password: 's3cret' });
    expect(result.value.config.http).toMatchObject({ port: 8100, ingressOnly: true });
    expect(result.value.env.ignored).toEqual(['HOMESEC_NOT__A_KEY']);
  });

  it('reads add-on options.json with the add-on defaults underneath', () => {
    // Given an options.json as the Supervisor writes it
    const path = write('options.json', JSON.stringify({ http: { port: 8100 }, cameras: [{ name: 'porch', source: 'folder' }] }));
    // When loaded in add-on mode
    const result = loadConfig({ env: { HOMESEC_OPTIONS_PATH: path } });
    // Then /data and /media/homesec are used and ingress-only stays on although http was given
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.value.origin.kind).toBe('addon');
    expect(result.value.config.dataDir).toBe('/data');
    expect(result.value.config.mediaDir).toBe('/media/homesec');
    expect(result.value.config.http).toMatchObject({ port: 8100, ingressOnly: true });
  });

  it('explains a missing file and broken YAML in one line each', () => {
    // Given a missing file and a file that is not YAML
    const broken = write('broken.yaml', 'cameras: [\n');
    // When loaded, Then each gives one readable problem
    const missing = loadConfig({ configPath: join(dir.path, 'nope.yaml'), env: {} });
    const invalid = loadConfig({ configPath: broken, env: {} });
    expect(missing.ok ? '' : missing.error.problems[0]).toMatch(/nope\.yaml: file not found$/);
    expect(invalid.ok ? '' : invalid.error.problems[0]).toMatch(/broken\.yaml \(line \d+\): not valid YAML/);
  });
});
