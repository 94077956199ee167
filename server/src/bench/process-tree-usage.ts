import { readFileSync } from 'node:fs';
import { listChildProcesses } from './child-processes.js';

/** Linux's USER_HZ: /proc reports CPU time in ticks of 1/100 s. */
const TICKS_PER_S = 100;

/** CPU used so far by a process and its children (running and ended), read at one moment. */
export interface TreeCpuReading {
  readonly rootS: number;
  readonly endedChildrenS: number;
  /** CPU seconds of each running child so far, by pid, with its command. */
  readonly running: ReadonlyMap<number, { readonly command: string; readonly cpuS: number }>;
}

/** What the tree used between two readings: the root process (Node with ONNX Runtime's threads) and its children. */
export interface TreeCpuUse {
  readonly rootS: number;
  readonly childrenS: number;
  /** Per command (`ffmpeg`, ...), the children's share; `ended` for children that ended in between. */
  readonly byCommand: Readonly<Record<string, number>>;
}

export function readTreeCpu(root: number): TreeCpuReading {
  const running = new Map<number, { command: string; cpuS: number }>();
  for (const child of listChildProcesses(root)) {
    const times = cpuTimes(child.pid);
    if (times) running.set(child.pid, { command: child.command, cpuS: times.ownS });
  }
  const times = cpuTimes(root);
  return { rootS: times?.ownS ?? 0, endedChildrenS: times?.endedChildrenS ?? 0, running };
}

/**
 * Exact for children that ran through the window or started in it; a child that ended in the window
 * is counted whole by the kernel (added to the parent's total once waited for), so its CPU from
 * before the window is taken back out.
 */
export function treeCpuBetween(a: TreeCpuReading, b: TreeCpuReading): TreeCpuUse {
  const byCommand: Record<string, number> = {};
  const add = (command: string, s: number) => {
    byCommand[command] = (byCommand[command] ?? 0) + s;
  };
  for (const [pid, now] of b.running) add(now.command, now.cpuS - (a.running.get(pid)?.cpuS ?? 0));
  let ended = b.endedChildrenS - a.endedChildrenS;
  for (const [pid, before] of a.running) if (!b.running.has(pid)) ended -= before.cpuS;
  add('ended', Math.max(0, ended));
  const childrenS = Object.values(byCommand).reduce((sum, s) => sum + s, 0);
  return { rootS: b.rootS - a.rootS, childrenS, byCommand };
}

/** Proportional set size (shared pages split among their users) of a process and its children, in bytes. */
export function treePssBytes(root: number): number {
  return [root, ...listChildProcesses(root).map((c) => c.pid)].reduce((sum, pid) => sum + (pssBytes(pid) ?? 0), 0);
}

function pssBytes(pid: number): number | null {
  try {
    const rollup = readFileSync(`/proc/${pid}/smaps_rollup`, 'utf8');
    const kb = /^Pss:\s+(\d+) kB/m.exec(rollup)?.[1];
    return kb === undefined ? null : Number(kb) * 1024;
  } catch {
    return null;
  }
}

/** utime+stime, and cutime+cstime (children that ended and were waited for), in seconds. */
function cpuTimes(pid: number): { ownS: number; endedChildrenS: number } | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // After the command: state(0) ... utime(11) stime(12) cutime(13) cstime(14).
    const [utime, stime, cutime, cstime] = [11, 12, 13, 14].map((i) => Number(fields[i]));
    return { ownS: ((utime ?? 0) + (stime ?? 0)) / TICKS_PER_S, endedChildrenS: ((cutime ?? 0) + (cstime ?? 0)) / TICKS_PER_S };
  } catch {
    return null;
  }
}
