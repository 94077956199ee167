import { networkInterfaces, type NetworkInterfaceInfo } from 'node:os';

type Interfaces = NodeJS.Dict<NetworkInterfaceInfo[]>;

/**
 * The IPv4 address put into a PASV reply. ftp-srv's fixed default (127.0.0.1) sends real cameras to
 * themselves, so without a configured address the server answers with its own address on the
 * camera's subnet. Behind NAT (container port forwarding) only a configured passive_url works.
 */
export function passiveAddressFor(clientIp: string, configured: string, interfaces: Interfaces = networkInterfaces()): string {
  if (configured !== '') return configured;
  const client = clientIp.replace(/^::ffff:/i, '');
  if (client === '::1' || client.startsWith('127.')) return '127.0.0.1';
  const candidates = Object.values(interfaces)
    .flatMap((list) => list ?? [])
    .filter((i) => i.family === 'IPv4' && !i.internal);
  const sameSubnet = candidates.find((i) => sameIpv4Subnet(i.address, client, i.netmask));
  return sameSubnet?.address ?? candidates[0]?.address ?? '127.0.0.1';
}

function sameIpv4Subnet(a: string, b: string, netmask: string): boolean {
  const [x, y, m] = [toInt(a), toInt(b), toInt(netmask)];
  return x !== null && y !== null && m !== null && (x & m) === (y & m);
}

function toInt(ip: string): number | null {
  const parts = ip.split('.').map(Number);
  if (parts.length !== 4 || parts.some((p) => !Number.isInteger(p) || p < 0 || p > 255)) return null;
  return parts.reduce((acc, p) => (acc << 8) | p, 0);
}
