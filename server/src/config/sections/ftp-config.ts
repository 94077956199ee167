import { z } from 'zod';
import type { CamelCasedDeep } from '../camel-case-keys.js';

/** Extensions that become clips; anything else a camera uploads (snapshots, logs) is ignored. */
export const DEFAULT_VIDEO_EXTENSIONS = ['mp4', 'mkv', 'mov', 'avi', 'ts', 'm4v', '264', 'h264', 'flv', 'webm', '3gp'] as const;

const portSchema = z.number().int().min(0).max(65535);

/** The one built-in FTP server shared by every camera with `source: ftp`. */
export const FtpConfigSchema = z
  .strictObject({
    host: z.string().min(1).default('0.0.0.0').describe('Address the FTP server listens on'),
    port: portSchema.default(2121).describe('Port the FTP server listens on (one server for all FTP cameras; 0 = any free port)'),
    passive_port_min: portSchema
      .default(30000)
      .describe('First port of the passive (PASV/EPSV) data range; map the whole range when HomeSec runs in a container'),
    passive_port_max: portSchema.default(30009).describe('Last port of the passive data range (each upload in progress holds one)'),
    passive_url: z
      .string()
      .regex(/^$|^[0-9]{1,3}(\.[0-9]{1,3}){3}$/, 'must be empty or an IPv4 address')
      .default('')
      .describe(
        'IPv4 address announced for passive transfers (PASV); empty = the HomeSec address on the camera network. Set it to the host LAN address when FTP ports are forwarded into a container (NAT)',
      ),
    max_upload_mb: z.number().gt(0).max(10_240).default(500).describe('Larger uploads are cut off, deleted and refused'),
    video_extensions: z
      .array(z.string().regex(/^\.?[A-Za-z0-9]+$/, 'an extension such as mp4'))
      .min(1)
      .default([...DEFAULT_VIDEO_EXTENSIONS])
      .describe('Uploads with these extensions become clips (case-insensitive); other files are accepted and deleted'),
  })
  .superRefine((ftp, ctx) => {
    if (ftp.passive_port_min > ftp.passive_port_max) {
      ctx.addIssue({ code: 'custom', path: ['passive_port_max'], message: 'must not be below passive_port_min' });
    }
  })
  .prefault({});
export type FtpConfig = CamelCasedDeep<z.output<typeof FtpConfigSchema>>;

/**
 * Two FTP cameras may not share a login: the user name decides which camera an upload belongs to.
 * Checked on the raw document (see crossFieldProblems in schema.ts).
 */
export function ftpLoginProblems(cameras: readonly unknown[]): { path: (string | number)[]; message: string }[] {
  const problems: { path: (string | number)[]; message: string }[] = [];
  const firstIndex = new Map<string, number>();
  cameras.forEach((camera: unknown, index) => {
    const c = camera as { source?: unknown; name?: unknown; username?: unknown } | null;
    if (c?.source !== 'ftp') return;
    const user = typeof c.username === 'string' && c.username !== '' ? c.username : c.name;
    if (typeof user !== 'string') return;
    const seen = firstIndex.get(user);
    if (seen === undefined) firstIndex.set(user, index);
    else problems.push({ path: ['cameras', index, 'username'], message: `FTP user "${user}" is already used by cameras[${seen}]` });
  });
  return problems;
}
