import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { REPO_DIR } from '../../support/paths.js';
import { makeTempDir } from '../../support/temp-dir.js';

const NOBODY = ['--reuid=65534', '--regid=65534', '--clear-groups'];

function requireSetpriv(): void {
  try {
    execFileSync('setpriv', [...NOBODY, 'true'], { stdio: 'ignore' });
  } catch (e) {
    throw new Error(`this test reads the media folder as an unprivileged user: apt-get install util-linux (setpriv), as root`, {
      cause: e,
    });
  }
  // The child runs this checkout's code as nobody: every folder above it must let nobody in.
  const tsx = join(REPO_DIR, 'node_modules', 'tsx', 'package.json');
  const readable = spawnSync('setpriv', [...NOBODY, 'test', '-r', tsx]);
  if (readable.status !== 0) {
    throw new Error(
      `this test runs the checkout as an unprivileged user, who cannot read ${tsx}: make the checkout's parent folders world-searchable (chmod o+x)`,
    );
  }
}

describe('a media folder that cannot be read in part', () => {
  let dir: ReturnType<typeof makeTempDir> | null = null;
  afterEach(() => {
    if (dir) chmodSync(join(dir.path, 'media', 'porch', '2026-01-02'), 0o755);
    dir?.remove();
  });

  it('lists what it can and logs each unreadable folder with its cause, instead of counting it as empty', () => {
    requireSetpriv();
    // Given two days of clips, one day's folder unreadable for the service's user
    dir = makeTempDir('homesec-unreadable-');
    const media = join(dir.path, 'media');
    for (const [day, id] of [
      ['2026-01-01', 'porch_20260101T100000_aaaaaa'],
      ['2026-01-02', 'porch_20260102T100000_bbbbbb'],
    ] as const) {
      mkdirSync(join(media, 'porch', day), { recursive: true });
      writeFileSync(join(media, 'porch', day, `${id}.mp4`), 'video');
    }
    for (const path of [dir.path, media, join(media, 'porch')]) chmodSync(path, 0o755);
    chmodSync(join(media, 'porch', '2026-01-01'), 0o755);
    chmodSync(join(media, 'porch', '2026-01-02'), 0o000);
    // When the media store walks the folder (as retention and the byte count do), as an unprivileged user
    const result = spawnSync(
      'setpriv',
      [...NOBODY, process.execPath, '--import', 'tsx', join(REPO_DIR, 'tests/support/media-inventory-child.ts'), media],
      { encoding: 'utf8', cwd: REPO_DIR, timeout: 30_000 },
    );
    // Then the readable clip is listed, and the unreadable folder is a warning naming the path and EACCES
    expect(result.status, result.stderr).toBe(0);
    expect(JSON.parse(result.stdout.trim())).toEqual(['porch_20260101T100000_aaaaaa']);
    const warnings = result.stderr
      .split('\n')
      .filter((line) => line.startsWith('{'))
      .map((line) => JSON.parse(line) as Record<string, unknown>)
      .filter((r) => r.event_type === 'media.unreadable');
    expect(warnings).toEqual([
      expect.objectContaining({ level: 'warn', path: join(media, 'porch', '2026-01-02'), code: 'EACCES', err: expect.any(Object) }),
    ]);
  });
});
