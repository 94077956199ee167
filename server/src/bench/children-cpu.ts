import { readFileSync } from 'node:fs';

/** Linux's USER_HZ: /proc reports CPU time in ticks of 1/100 s on every architecture Node runs on. */
const TICKS_PER_S = 100;

/**
 * CPU seconds (user + system) used so far by this process's children that have ended and been waited for
 * (ffmpeg runs): `cutime` + `cstime` of /proc/self/stat. The difference around a call is what its child
 * processes cost. Null off Linux.
 */
export function endedChildrenCpuS(): number | null {
  try {
    const stat = readFileSync('/proc/self/stat', 'utf8');
    // Fields after the command name (which may hold spaces) start at field 3 (state).
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const cutime = Number(fields[13]);
    const cstime = Number(fields[14]);
    return Number.isFinite(cutime) && Number.isFinite(cstime) ? (cutime + cstime) / TICKS_PER_S : null;
  } catch {
    return null;
  }
}
