import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_DIR } from '../../support/paths.js';
import { ADDON_DIR } from './addon-files.js';

const S6 = 'homesec/rootfs/etc/s6-overlay/s6-rc.d';

function gitFiles(...paths: string[]): { mode: string; path: string }[] {
  const out = execFileSync('git', ['ls-files', '-s', '--', ...paths], { cwd: REPO_DIR, encoding: 'utf8' });
  return out
    .split('\n')
    .filter(Boolean)
    .map((line) => {
      const [mode = '', , , path = ''] = line.split(/\s+/);
      return { mode, path };
    });
}

function pngSize(path: string): { width: number; height: number } {
  const bytes = readFileSync(path);
  expect(bytes.subarray(0, 8).toString('hex')).toBe('89504e470d0a1a0a');
  return { width: bytes.readUInt32BE(16), height: bytes.readUInt32BE(20) };
}

describe('the s6-overlay service', () => {
  it('has executable run and finish scripts in git', () => {
    // Given the committed rootfs
    const files = new Map(gitFiles('homesec/rootfs').map((f) => [f.path, f.mode]));
    // Then the scripts are committed as executable
    for (const script of [`${S6}/homesec/run`, `${S6}/homesec/finish`, `${S6}/init-homesec/run`])
      expect(files.get(script), script).toBe('100755');
    // And the service is a longrun enabled in the user bundle
    expect(files.has(`${S6}/user/contents.d/homesec`)).toBe(true);
    expect(files.has(`${S6}/homesec/dependencies.d/base`)).toBe(true);
  });

  it('execs node in the foreground and halts the container when HomeSec fails', () => {
    // Given the scripts
    const run = readFileSync(join(REPO_DIR, S6, 'homesec', 'run'), 'utf8');
    const finish = readFileSync(join(REPO_DIR, S6, 'homesec', 'finish'), 'utf8');
    // Then run uses with-contenv (SUPERVISOR_TOKEN reaches node) and execs node
    expect(run.split('\n')[0]).toBe('#!/command/with-contenv bashio');
    expect(run).toMatch(/^exec node \/opt\/homesec\/server\/dist\/main\.js run$/m);
    expect(readFileSync(join(REPO_DIR, S6, 'homesec', 'type'), 'utf8').trim()).toBe('longrun');
    expect(readFileSync(join(REPO_DIR, S6, 'init-homesec', 'type'), 'utf8').trim()).toBe('oneshot');
    // And finish records the exit code and halts
    expect(finish).toMatch(/s6-linux-init-container-results\/exitcode/);
    expect(finish).toMatch(/exec \/run\/s6\/basedir\/bin\/halt/);
  });
});

describe('the Dockerfile', () => {
  const dockerfile = readFileSync(join(ADDON_DIR, 'Dockerfile'), 'utf8');

  it('builds on the Debian HA base with Node 22 and ffmpeg from apt', () => {
    expect(dockerfile).toMatch(/^ARG BUILD_FROM=ghcr\.io\/home-assistant\/base-debian:bookworm$/m);
    expect(dockerfile).toMatch(/^FROM \$\{BUILD_FROM\}$/m);
    expect(dockerfile).toMatch(/node:22-bookworm-slim/);
    expect(dockerfile).toMatch(/apt-get install -y --no-install-recommends ffmpeg util-linux/);
    expect(dockerfile).toMatch(/COPY --from=node \/usr\/local\/bin\/node/);
  });

  it('builds server and web with npm ci from the repository root, without the ORT download or telemetry', () => {
    expect(dockerfile).toMatch(/ONNXRUNTIME_NODE_INSTALL=skip/);
    expect(dockerfile).toMatch(/ORT_DISABLE_TELEMETRY=1/);
    expect(dockerfile).toMatch(/^RUN npm ci$/m);
    expect(dockerfile).toMatch(/COPY server server/);
    expect(dockerfile).toMatch(/COPY web web/);
    expect(dockerfile).toMatch(/npm prune --omit=dev/);
    expect(dockerfile).toMatch(/^COPY homesec\/rootfs \/$/m);
  });

  it('has a health check on /api/health, the io.hass and OCI labels, and no CMD (s6 is the entrypoint)', () => {
    expect(dockerfile).toMatch(/^HEALTHCHECK .*\n.*\/api\/health/m);
    for (const label of ['io.hass.version', 'io.hass.type="app"', 'io.hass.arch', 'org.opencontainers.image.source'])
      expect(dockerfile).toContain(label);
    expect(dockerfile).not.toMatch(/^(CMD|ENTRYPOINT)\b/m);
  });
});

describe('the add-on folder', () => {
  it('has a square icon and a wide logo as real PNGs, and its documents', () => {
    const icon = pngSize(join(ADDON_DIR, 'icon.png'));
    expect(icon.width).toBe(icon.height);
    expect(icon.width).toBeGreaterThanOrEqual(96);
    const logo = pngSize(join(ADDON_DIR, 'logo.png'));
    expect(logo.width / logo.height).toBeCloseTo(2.5, 1);
    for (const doc of ['DOCS.md', 'CHANGELOG.md', 'README.md'])
      expect(readFileSync(join(ADDON_DIR, doc), 'utf8').length).toBeGreaterThan(100);
  });

  it('no other folder holds a file the Supervisor would take for an add-on', () => {
    // Given every committed file outside the add-on folder
    const phantoms = gitFiles('.').filter((f) => /(^|\/)config\.(ya?ml|json)$/.test(f.path) && !f.path.startsWith('homesec/'));
    // Then none is named config.yaml / .yml / .json
    expect(phantoms).toStrictEqual([]);
  });
});
