import { z } from 'zod';

/** GET /network/info, the parts we read: each interface's state and IPv4 addresses ("192.168.1.5/24"). */
export const NetworkInfoSchema = z.object({
  interfaces: z.array(
    z.object({
      interface: z.string(),
      enabled: z.boolean().optional(),
      connected: z.boolean().optional(),
      primary: z.boolean().optional(),
      ipv4: z
        .object({ address: z.array(z.string()).default([]) })
        .nullable()
        .optional(),
    }),
  ),
});
export type NetworkInfo = z.infer<typeof NetworkInfoSchema>;

/**
 * The host's address cameras reach it on: the primary connected interface's first IPv4 address (else
 * any connected one's). The add-on's own container address is useless to a camera, so FTP's passive
 * replies use this when ftp.passive_url is empty.
 */
export function hostIpv4(info: NetworkInfo): string | null {
  const connected = info.interfaces.filter((i) => i.enabled !== false && i.connected !== false);
  const ordered = [...connected.filter((i) => i.primary === true), ...connected.filter((i) => i.primary !== true)];
  for (const i of ordered) {
    const address = i.ipv4?.address.map((a) => a.split('/')[0] ?? '').find((a) => /^\d{1,3}(\.\d{1,3}){3}$/.test(a));
    if (address) return address;
  }
  return null;
}
