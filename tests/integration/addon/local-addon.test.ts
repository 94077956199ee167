import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { REPO_DIR } from '../../support/paths.js';
import { makeTempDir } from '../../support/temp-dir.js';

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path) : [path];
  });
}

describe('scripts/local-addon.sh: an add-on folder the Supervisor builds itself', () => {
  const tmp = makeTempDir('homesec-local-addon-');
  const dest = join(tmp.path, 'homesec_local');
  beforeAll(() => {
    // Given the script run on this checkout
    execFileSync(join(REPO_DIR, 'scripts', 'local-addon.sh'), [dest], { cwd: REPO_DIR, stdio: 'pipe' });
  });
  afterAll(() => tmp.remove());

  it('has a config.yaml that builds instead of pulling, under its own slug, otherwise the add-on', () => {
    const local = parseYaml(readFileSync(join(dest, 'config.yaml'), 'utf8')) as Record<string, unknown>;
    const published = parseYaml(readFileSync(join(REPO_DIR, 'homesec', 'config.yaml'), 'utf8')) as Record<string, unknown>;
    // Then there is no image (the Supervisor builds the folder), a slug of its own, and the same options
    expect(local).not.toHaveProperty('image');
    expect(local.slug).toBe('homesec_local');
    expect(local.name).toBe('HomeSec (local build)');
    expect(local.schema).toStrictEqual(published.schema);
    expect(local.options).toStrictEqual(published.options);
    expect(local.version).toBe(published.version);
  });

  it('is a build context for the same Dockerfile: every file it copies is in the folder', () => {
    // Given the Dockerfile at the folder's top (the Supervisor's build file)
    const dockerfile = readFileSync(join(dest, 'Dockerfile'), 'utf8');
    expect(dockerfile).toBe(readFileSync(join(REPO_DIR, 'homesec', 'Dockerfile'), 'utf8'));
    // Then every COPY source from the context exists there
    const sources = [...dockerfile.matchAll(/^COPY (?!--from)(.+) \S+$/gm)].flatMap((m) => (m[1] ?? '').split(/\s+/));
    for (const source of sources) expect(existsSync(join(dest, source)), source).toBe(true);
    expect(existsSync(join(dest, 'models', 'yolox_nano.onnx'))).toBe(true);
    expect(existsSync(join(dest, 'server', 'src', 'main.ts'))).toBe(true);
    // And the s6 scripts stay executable
    expect(statSync(join(dest, 'homesec', 'rootfs', 'etc', 's6-overlay', 's6-rc.d', 'homesec', 'run')).mode & 0o111).not.toBe(0);
  });

  it('holds exactly one add-on for the Supervisor: no other config.yaml/.yml/.json outside rootfs', () => {
    // Given how the Supervisor finds add-ons (**/config.{json,yaml,yml}, skipping rootfs and dot folders)
    const configs = filesUnder(dest)
      .map((f) => relative(dest, f))
      .filter((f) => /(^|\/)config\.(json|ya?ml)$/.test(f) && !f.split('/').some((p) => p === 'rootfs' || p.startsWith('.')));
    // Then only the top config.yaml counts
    expect(configs).toStrictEqual(['config.yaml']);
  });
});
