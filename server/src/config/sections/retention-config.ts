import { z } from 'zod';
import type { CamelCasedDeep } from '../camel-case-keys.js';

export const RetentionConfigSchema = z
  .strictObject({
    max_days: z.number().min(0).default(30).describe('Delete clips older than this many days; 0 = keep'),
    max_gb: z.number().min(0).default(50).describe('Delete the oldest clips when the media folder passes this size; 0 = no cap'),
  })
  .prefault({});
export type RetentionConfig = CamelCasedDeep<z.output<typeof RetentionConfigSchema>>;
