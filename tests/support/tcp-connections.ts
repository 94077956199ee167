import { readFileSync } from 'node:fs';

const ESTABLISHED = '01';

/**
 * Established TCP connections accepted on `port` on this machine (this network namespace), read from
 * /proc/net/tcp and tcp6: how many clients a local server (an RTSP camera) has right now.
 */
export function establishedConnectionsTo(port: number): number {
  let count = 0;
  for (const table of ['/proc/net/tcp', '/proc/net/tcp6']) {
    let text: string;
    try {
      text = readFileSync(table, 'utf8');
    } catch {
      continue; // no IPv6 in this namespace
    }
    for (const line of text.split('\n').slice(1)) {
      const fields = line.trim().split(/\s+/);
      const local = fields[1];
      const state = fields[3];
      if (!local || state !== ESTABLISHED) continue;
      if (Number.parseInt(local.slice(local.lastIndexOf(':') + 1), 16) === port) count++;
    }
  }
  return count;
}
