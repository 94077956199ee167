import { BlockList, isIP } from 'node:net';

/** Loopback, private, link-local and carrier-grade NAT (Tailscale) ranges: a model served there is the user's own. */
const LOCAL_RANGES = new BlockList();
LOCAL_RANGES.addSubnet('127.0.0.0', 8, 'ipv4');
LOCAL_RANGES.addSubnet('10.0.0.0', 8, 'ipv4');
LOCAL_RANGES.addSubnet('172.16.0.0', 12, 'ipv4');
LOCAL_RANGES.addSubnet('192.168.0.0', 16, 'ipv4');
LOCAL_RANGES.addSubnet('169.254.0.0', 16, 'ipv4');
LOCAL_RANGES.addSubnet('100.64.0.0', 10, 'ipv4');
LOCAL_RANGES.addAddress('::1', 'ipv6');
LOCAL_RANGES.addSubnet('fc00::', 7, 'ipv6');
LOCAL_RANGES.addSubnet('fe80::', 10, 'ipv6');

/** Names that only resolve inside a home network or a container network. */
const LOCAL_SUFFIXES = ['.localhost', '.local', '.lan', '.home.arpa', '.internal'];

/**
 * Whether an API base URL points at the user's own machine or network: a loopback or private
 * address, `localhost`, an mDNS or home name, or a one-label name (a Docker service such as `ollama`).
 * Decided from the URL alone, without a DNS lookup.
 */
export function isLocalEndpoint(baseUrl: string): boolean {
  let host: string;
  try {
    host = new URL(baseUrl).hostname.toLowerCase();
  } catch {
    return false;
  }
  const bare = host.startsWith('[') && host.endsWith(']') ? host.slice(1, -1) : host;
  const family = isIP(bare);
  if (family === 4) return LOCAL_RANGES.check(bare, 'ipv4');
  if (family === 6) {
    const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/.exec(bare)?.[1];
    return mapped ? LOCAL_RANGES.check(mapped, 'ipv4') : LOCAL_RANGES.check(bare, 'ipv6');
  }
  if (bare === 'localhost' || !bare.includes('.')) return true;
  return LOCAL_SUFFIXES.some((suffix) => bare.endsWith(suffix));
}
