import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface SmallDisk {
  readonly path: string;
  /** Unmounts it and removes the mount point. */
  remove(): void;
}

/**
 * A tmpfs of `megabytes` mounted on a fresh folder: a disk that really fills. Needs root (or
 * CAP_SYS_ADMIN); without it the test fails with what to do, it is never skipped.
 */
export function mountSmallDisk(megabytes: number): SmallDisk {
  const path = mkdtempSync(join(tmpdir(), 'homesec-small-disk-'));
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${megabytes}m`, 'homesec-test', path], { stdio: 'pipe' });
  } catch (e) {
    rmSync(path, { recursive: true, force: true });
    const detail = (e as { stderr?: Buffer }).stderr?.toString().trim() ?? (e as Error).message;
    throw new Error(`cannot mount a ${megabytes} MB tmpfs for the full-disk test (${detail}): run the tests as root`, { cause: e });
  }
  return {
    path,
    remove: () => {
      execFileSync('umount', [path], { stdio: 'ignore' });
      rmSync(path, { recursive: true, force: true });
    },
  };
}
