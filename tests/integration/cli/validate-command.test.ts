import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { REPO_DIR } from '../../support/paths.js';
import { makeTempDir } from '../../support/temp-dir.js';

const CLI = join(REPO_DIR, 'server', 'bin', 'homesec.js');

function homesec(args: string[], cwd: string) {
  const result = spawnSync(process.execPath, [CLI, ...args], {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, HOMESEC_OPTIONS_PATH: join(cwd, 'none.json') },
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('homesec validate', () => {
  let dir: ReturnType<typeof makeTempDir>;
  beforeEach(() => {
    dir = makeTempDir();
  });
  afterEach(() => dir.remove());

  it('exits 2 and names an unknown key, a wrong type and a duplicate camera by path', () => {
    // Given a config with all three mistakes
    const path = join(dir.path, 'config.yaml');
    writeFileSync(
      path,
      [
        'retenion: { max_days: 3 }',
        'retention: { max_gb: lots }',
        'cameras:',
        '  - { name: porch, source: folder }',
        '  - { name: porch, source: ftp }',
      ].join('\n'),
    );
    // When validated
    const { code, stderr, stdout } = homesec(['validate', '--config', path], dir.path);
    // Then it exits 2, lists each problem by path, and shows no stack trace
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toContain('retenion: unknown key (did you mean "retention"?)');
    expect(stderr).toMatch(/retention\.max_gb: .*expected number/);
    expect(stderr).toContain('cameras[1].name: duplicate camera name "porch" (also cameras[0])');
    expect(stderr).not.toMatch(/\n\s+at /);
  });

  it('exits 0 with a one-screen summary that shows no secret', () => {
    // Given a valid config with secrets in it
    const path = join(dir.path, 'config.yaml');
    writeFileSync(
      path,
      'database_url: postgres://homesec:hunter2@db:5432/homesec\nmqtt: { url: "mqtt://u:pw123@broker:1883", password: pw123 }\n',
    );
    // When validated
    const { code, stdout } = homesec(['validate', '--config', path], dir.path);
    // Then it summarises the config and never prints the passwords
    expect(code).toBe(0);
    expect(stdout).toContain('configuration OK');
    expect(stdout).toContain('Postgres');
    expect(stdout.split('\n').length).toBeLessThan(30);
    expect(stdout).not.toContain('hunter2');
    expect(stdout).not.toContain('pw123');
  });

  it('validates the embedded defaults when there is no config file', () => {
    // Given no config; When validated; Then the defaults are fine
    const { code, stdout } = homesec(['validate'], dir.path);
    expect(code).toBe(0);
    expect(stdout).toContain('embedded defaults');
    expect(stdout).toContain('- demo (folder)');
  });
});
