import { z } from 'zod';
import type { CamelCasedDeep } from '../camel-case-keys.js';

export const HttpConfigSchema = z
  .strictObject({
    host: z.string().min(1).default('0.0.0.0').describe('Address the dashboard and API listen on'),
    port: z.number().int().min(0).max(65535).default(8099).describe('Port of the dashboard and API (0 = any free port)'),
    ingress_only: z.boolean().default(false).describe('Refuse every connection that does not come through Home Assistant ingress'),
  })
  .prefault({});
export type HttpConfig = CamelCasedDeep<z.output<typeof HttpConfigSchema>>;
