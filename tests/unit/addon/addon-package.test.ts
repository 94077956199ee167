import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BUILTIN_MODELS, SHIPPED_MODELS_DIR } from '../../../server/src/detect/builtin-models.js';
import { REPO_DIR, shippedModel } from '../../support/paths.js';
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
    expect(run).toMatch(/^exec node --max-semi-space-size=4 \/opt\/homesec\/server\/dist\/main\.js run$/m);
    // And with the same Node flags as `npm start` standalone (the memory figures in BENCH.md are for these)
    const start = (JSON.parse(readFileSync(join(REPO_DIR, 'package.json'), 'utf8')) as { scripts: { start: string } }).scripts.start;
    expect(start).toContain('node --max-semi-space-size=4 server/dist/main.js run');
    expect(readFileSync(join(REPO_DIR, S6, 'homesec', 'type'), 'utf8').trim()).toBe('longrun');
    expect(readFileSync(join(REPO_DIR, S6, 'init-homesec', 'type'), 'utf8').trim()).toBe('oneshot');
    // And finish records the exit code and halts
    expect(finish).toMatch(/s6-linux-init-container-results\/exitcode/);
    expect(finish).toMatch(/exec \/run\/s6\/basedir\/bin\/halt/);
  });
});

describe('the Dockerfile', () => {
  const dockerfile = readFileSync(join(ADDON_DIR, 'Dockerfile'), 'utf8');

  it("builds on the Debian HA base with Node 22, and ffmpeg from Debian's source with x264 and TLS only", () => {
    expect(dockerfile).toMatch(/^ARG BUILD_FROM=ghcr\.io\/home-assistant\/base-debian:bookworm$/m);
    expect(dockerfile).toMatch(/^FROM \$\{BUILD_FROM\} AS ffmpeg$/m);
    expect(dockerfile).toMatch(/^FROM \$\{BUILD_FROM\} AS addon$/m);
    expect(dockerfile).toMatch(/^ARG NODE_IMAGE=node:22-bookworm-slim$/m);
    expect(dockerfile).toMatch(/apt-get source --only-source ffmpeg/);
    expect(dockerfile).toMatch(/--disable-autodetect .*--enable-gnutls --enable-gpl --enable-libx264/);
    expect(dockerfile).toMatch(/COPY --from=ffmpeg \/opt\/ffmpeg \/opt\/ffmpeg/);
    expect(dockerfile).toMatch(/COPY --from=node \/usr\/local\/bin\/node/);
  });

  it('builds server and web with npm ci from the repository root, without the ORT download or telemetry', () => {
    expect(dockerfile).toMatch(/ONNXRUNTIME_NODE_INSTALL=skip/);
    expect(dockerfile).toMatch(/ORT_DISABLE_TELEMETRY=1/);
    expect(dockerfile).toMatch(/npm_config_nodedir=\/usr\/local/);
    expect(dockerfile).toMatch(/^RUN npm ci$/m);
    expect(dockerfile).toMatch(/COPY server server/);
    expect(dockerfile).toMatch(/COPY web web/);
    expect(dockerfile).toMatch(/npm prune --omit=dev/);
    expect(dockerfile).toMatch(/^COPY homesec\/rootfs \/$/m);
  });

  it('ships the default model, the licence and the bin in the image', () => {
    expect(dockerfile).toMatch(/^COPY models \.\/models$/m);
    expect(dockerfile).toMatch(/^COPY LICENSE NOTICE \.\/$/m);
    expect(dockerfile).toMatch(/^COPY --from=build \/src\/server\/bin \.\/server\/bin$/m);
  });

  it('takes io.hass.arch from the platform being built, with no default to fall back on', () => {
    // Given the global TARGETARCH (set by BuildKit, or given to buildah) and one stage per arch
    expect(dockerfile).toMatch(/^ARG TARGETARCH$/m);
    expect(dockerfile.indexOf('ARG TARGETARCH')).toBeLessThan(dockerfile.indexOf('\nFROM '));
    expect(dockerfile).toMatch(/^FROM addon AS addon-amd64\nLABEL io\.hass\.arch="amd64"$/m);
    expect(dockerfile).toMatch(/^FROM addon AS addon-arm64\nLABEL io\.hass\.arch="aarch64"$/m);
    // Then the image is the stage of the target arch, and no other line sets the label
    expect(dockerfile.trimEnd().split('\n').at(-1)).toBe('FROM addon-${TARGETARCH}');
    expect(dockerfile.match(/io\.hass\.arch=/g)).toHaveLength(2);
    expect(dockerfile).not.toMatch(/BUILD_ARCH/);
  });

  it('has a health check on /api/health, the io.hass and OCI labels, and no CMD (s6 is the entrypoint)', () => {
    expect(dockerfile).toMatch(/^HEALTHCHECK .*\n.*\/api\/health/m);
    for (const label of [
      'io.hass.version',
      'io.hass.type="app"',
      'org.opencontainers.image.source',
      'org.opencontainers.image.licenses="Apache-2.0"',
    ])
      expect(dockerfile).toContain(label);
    expect(dockerfile).not.toMatch(/^(CMD|ENTRYPOINT)\b/m);
  });

  it('copies only files that exist in the repository and that the build context keeps', () => {
    // Given the COPY sources that come from the context (not from another stage)
    const ignored = readFileSync(join(ADDON_DIR, 'Dockerfile.dockerignore'), 'utf8')
      .split('\n')
      .map((l) => l.trim())
      .filter((l) => l !== '' && !l.startsWith('#'));
    const sources = [...dockerfile.matchAll(/^COPY (?!--from)(.+) \S+$/gm)].flatMap((m) => (m[1] ?? '').split(/\s+/));
    expect(sources.length).toBeGreaterThan(5);
    for (const source of sources) {
      // Then each exists and no ignore pattern drops it
      expect(existsSync(join(REPO_DIR, source)), source).toBe(true);
      for (const pattern of ignored)
        expect(source === pattern || source.startsWith(`${pattern}/`), `${source} ignored by ${pattern}`).toBe(false);
    }
  });
});

describe('the licence and the shipped model', () => {
  it("has the Apache-2.0 text and a NOTICE naming the model's origin and licence", () => {
    const license = readFileSync(join(REPO_DIR, 'LICENSE'), 'utf8');
    expect(license).toMatch(/^Apache License\s+Version 2\.0, January 2004/);
    expect(license).toContain('END OF TERMS AND CONDITIONS');
    const notice = readFileSync(join(REPO_DIR, 'NOTICE'), 'utf8');
    for (const text of [
      'models/yolox_nano.onnx',
      'Megvii',
      'https://github.com/Megvii-BaseDetection/YOLOX',
      'Apache License, Version 2.0',
      BUILTIN_MODELS.yolox_nano?.sha256 ?? '?',
    ])
      expect(notice).toContain(text);
  });

  it('ships yolox_nano.onnx in models/, matching the built-in checksum', () => {
    const shipped = readFileSync(join(REPO_DIR, 'models', 'yolox_nano.onnx'));
    expect(createHash('sha256').update(shipped).digest('hex')).toBe(BUILTIN_MODELS.yolox_nano?.sha256);
    expect(shipped.equals(readFileSync(shippedModel('yolox_nano.onnx')))).toBe(true);
    expect(SHIPPED_MODELS_DIR).toBe(join(REPO_DIR, 'models') + '/');
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
