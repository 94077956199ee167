import { existsSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { join, resolve } from 'node:path';

/** ../shared (fixtures, models) beside the checkout, looked up from the working directory. */
export function findSharedDir(): string | null {
  for (const candidate of [resolve(process.cwd(), '..', 'shared'), resolve(process.cwd(), 'shared')]) {
    if (existsSync(join(candidate, 'fixtures'))) return candidate;
  }
  return null;
}

/** The machine a figure was measured on, as printed in every report. */
export function machineDescription(): string {
  return `${process.platform} ${process.arch}, node ${process.version}, ${cpus().length} cpus (${cpus()[0]?.model ?? 'unknown'}), ${Math.round(totalmem() / 2 ** 30)} GiB`;
}
