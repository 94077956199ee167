import { readdirSync, readFileSync } from 'node:fs';

export interface ChildProcessInfo {
  readonly pid: number;
  /** The command name (`ffmpeg`, `ffprobe`). */
  readonly command: string;
  readonly rssBytes: number;
}

/** The direct children of `parent` (this process by default), from Linux /proc (empty elsewhere): what benchmarks and tests count. */
export function listChildProcesses(parent: number = process.pid): ChildProcessInfo[] {
  const children: ChildProcessInfo[] = [];
  let entries: string[];
  try {
    entries = readdirSync('/proc');
  } catch {
    return children;
  }
  for (const entry of entries) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const status = readFileSync(`/proc/${entry}/status`, 'utf8');
      if (Number(/^PPid:\s+(\d+)/m.exec(status)?.[1]) !== parent) continue;
      children.push({
        pid: Number(entry),
        command: /^Name:\s+(\S+)/m.exec(status)?.[1] ?? '',
        rssBytes: Number(/^VmRSS:\s+(\d+) kB/m.exec(status)?.[1] ?? 0) * 1024,
      });
    } catch {
      // the process ended while we looked
    }
  }
  return children;
}
