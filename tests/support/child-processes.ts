import { readdirSync, readFileSync } from 'node:fs';

/** This process's running children (from /proc) whose command line contains `argument`: e.g. one kind of ffmpeg. */
export function childProcessesWith(argument: string): number[] {
  const pids: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      // "pid (name) state ppid ...": the name may hold spaces and parentheses, so read after the last ')'.
      const parent = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      // A zombie's command line is empty: it no longer runs.
      if (parent === process.pid && readFileSync(`/proc/${entry}/cmdline`, 'utf8').includes(argument)) pids.push(Number(entry));
    } catch {
      // gone meanwhile
    }
  }
  return pids;
}
