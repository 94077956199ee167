import { z } from 'zod';
import type { CamelCasedDeep } from '../camel-case-keys.js';

const DropboxConfigSchema = z
  .strictObject({
    app_key: z.string().default('').describe('Dropbox app key, for refresh-token auth (secret)'),
    app_secret: z.string().default('').describe('Dropbox app secret, for refresh-token auth (secret)'),
    refresh_token: z.string().default('').describe('Dropbox refresh token (offline access); preferred over access_token (secret)'),
    access_token: z.string().default('').describe('A long-lived Dropbox access token, used when no refresh token is set (secret)'),
    root: z
      .string()
      .regex(/^\/[^\\]*[^/\\]$/, 'must start with / and not end with /')
      .refine((root) => !root.split('/').includes('..'), 'must not contain ..')
      .default('/homesec')
      .describe('Dropbox folder the copies go to: <root>/<camera>/<YYYY-MM-DD>/<clip_id>.mp4'),
    chunk_mb: z
      .number()
      .int()
      .min(1)
      .max(148)
      .default(8)
      .describe('Files larger than this go up in an upload session, in chunks of this many MiB'),
    api_url: z.url().default('https://api.dropboxapi.com').describe('Dropbox API host (change only for a proxy or a test server)'),
    content_url: z
      .url()
      .default('https://content.dropboxapi.com')
      .describe('Dropbox upload host (change only for a proxy or a test server)'),
  })
  .prefault({});

/** The optional off-site copy of every stored clip. */
export const OffsiteConfigSchema = z
  .strictObject({
    backend: z.enum(['none', 'dropbox']).default('none').describe('Where clips are copied off-site; none = no copy'),
    dropbox: DropboxConfigSchema.describe('Dropbox settings, used when backend is dropbox'),
  })
  .superRefine((offsite, ctx) => {
    if (offsite.backend !== 'dropbox') return;
    const d = offsite.dropbox;
    const refresh = d.refresh_token !== '' && d.app_key !== '' && d.app_secret !== '';
    if (!refresh && d.access_token === '') {
      ctx.addIssue({
        code: 'custom',
        path: ['dropbox'],
        message: 'backend dropbox needs refresh_token with app_key and app_secret, or an access_token',
      });
    }
  })
  .prefault({});
export type OffsiteConfig = CamelCasedDeep<z.output<typeof OffsiteConfigSchema>>;
export type DropboxConfig = OffsiteConfig['dropbox'];
