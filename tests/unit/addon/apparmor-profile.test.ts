import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { REPO_DIR } from '../../support/paths.js';

const PROFILE = join(REPO_DIR, 'homesec', 'apparmor.txt');

describe("the add-on's AppArmor profile", () => {
  const text = readFileSync(PROFILE, 'utf8');

  it('is a profile AppArmor parses, named after the add-on slug as the Supervisor loads it', () => {
    // Given apparmor_parser (Debian's apparmor package)
    // When it compiles the profile without loading it into a kernel
    const run = spawnSync('apparmor_parser', ['--skip-kernel-load', '--skip-cache', '--skip-read-cache', '-o', '/dev/null', PROFILE], {
      encoding: 'utf8',
    });
    expect(run.error, 'apparmor_parser is missing: apt-get install apparmor').toBeUndefined();
    // Then it compiles, and the profile name is the slug
    expect(run.status, run.stderr).toBe(0);
    const slug = (parse(readFileSync(join(REPO_DIR, 'homesec', 'config.yaml'), 'utf8')) as { slug: string }).slug;
    expect(text).toMatch(new RegExp(`^profile ${slug} flags=\\(attach_disconnected,mediate_deleted\\) \\{$`, 'm'));
  });

  it('allows what HomeSec needs: its folders, Node with native modules, ffmpeg, its ports', () => {
    for (const rule of [
      '/data/{,**} rwk,',
      '/media/{,**} rwk,',
      '/share/{,**} rwk,',
      '/config/{,**} rwk,',
      '/usr/local/bin/node rix,',
      '/opt/homesec/**.node rm,',
      '/opt/homesec/**.so* rm,',
      '/opt/ffmpeg/bin/* rix,',
      '/usr/local/bin/homesec-backup rix,',
      'network inet stream,',
      'capability net_bind_service,',
    ])
      expect(text).toContain(rule);
  });
});
