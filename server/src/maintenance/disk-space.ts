import { statfs } from 'node:fs/promises';

/** Free and total bytes of the filesystem holding `path`, as an unprivileged process may use them. */
export interface DiskSpace {
  readonly freeBytes: number;
  readonly totalBytes: number;
}

export async function diskSpace(path: string): Promise<DiskSpace> {
  const stats = await statfs(path);
  return { freeBytes: stats.bavail * stats.bsize, totalBytes: stats.blocks * stats.bsize };
}

export function freePercent(space: DiskSpace): number {
  return space.totalBytes > 0 ? (space.freeBytes / space.totalBytes) * 100 : 100;
}

export function megabytes(bytes: number): string {
  return `${(bytes / 1_000_000).toFixed(1)} MB`;
}
