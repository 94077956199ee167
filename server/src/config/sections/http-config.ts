import { isIP } from 'node:net';
import { z } from 'zod';
import type { CamelCasedDeep } from '../camel-case-keys.js';

const DashboardUserSchema = z
  .strictObject({
    username: z
      .string()
      .min(1)
      .max(64)
      .regex(/^[^\s:]+$/, 'no spaces or colons')
      .describe('Name to log in with'),
    password: z.string().min(8, 'at least 8 characters').describe('Password (secret): plain text, or an argon2 hash ($argon2id$...)'),
  })
  .describe('One dashboard user');

export const HttpConfigSchema = z
  .strictObject({
    host: z
      .string()
      .min(1)
      .default('0.0.0.0')
      .describe('Address the dashboard and API listen on; without http.password or http.users HomeSec listens on loopback only'),
    port: z.number().int().min(0).max(65535).default(8099).describe('Port of the dashboard and API (0 = any free port)'),
    ingress_only: z.boolean().default(false).describe('Refuse every connection that does not come through Home Assistant ingress'),
    password: z
      .string()
      .default('')
      .refine((p) => p === '' || p.length >= 8, 'at least 8 characters')
      .describe(
        'Dashboard password (secret): plain text or an argon2 hash; set it (or users) to reach the dashboard from other machines; also HOMESEC_HTTP__PASSWORD',
      ),
    users: z.array(DashboardUserSchema).default([]).describe('Dashboard users, each with a password, instead of one password'),
    session_days: z.number().min(0.01).max(365).default(30).describe('How long a dashboard login lasts (days)'),
    metrics_token: z
      .string()
      .default('')
      .describe('Bearer token that lets a Prometheus scraper read /metrics without logging in (secret); empty = log in or loopback only'),
    trusted_proxies: z
      .array(z.string().trim().refine(isAddressOrRange, 'an IP address or a CIDR range, e.g. 192.168.1.10 or 10.0.0.0/8'))
      .default([])
      .describe(
        'Reverse proxies in front of the dashboard (IP addresses or CIDR ranges); only from these are X-Forwarded-For (login limit, loopback probes) and X-Forwarded-Proto (Secure cookie) believed; empty = none',
      ),
  })
  .prefault({});
export type HttpConfig = CamelCasedDeep<z.output<typeof HttpConfigSchema>>;

/** An IPv4/IPv6 address, or one with a prefix length (CIDR), as Express's `trust proxy` takes them. */
function isAddressOrRange(value: string): boolean {
  const [address = '', prefix, ...rest] = value.split('/');
  const family = isIP(address);
  if (family === 0 || rest.length > 0) return false;
  if (prefix === undefined) return true;
  return /^\d{1,3}$/.test(prefix) && Number(prefix) <= (family === 4 ? 32 : 128);
}

/** How the dashboard is reached: through ingress only, on loopback without a login, or anywhere with a login. */
export type HttpAccess = 'ingress' | 'loopback' | 'login';

export function httpAccess(config: Pick<HttpConfig, 'ingressOnly' | 'password' | 'users'>): HttpAccess {
  if (config.ingressOnly) return 'ingress';
  return config.password !== '' || config.users.length > 0 ? 'login' : 'loopback';
}
