import { z } from 'zod';
import type { CamelCasedDeep } from '../camel-case-keys.js';

export const RetentionConfigSchema = z
  .strictObject({
    max_days: z.number().min(0).default(30).describe('Delete clips older than this many days; 0 = keep'),
    max_gb: z.number().min(0).default(50).describe('Delete the oldest clips when the media folder passes this size; 0 = no cap'),
    delete_offsite: z
      .boolean()
      .default(true)
      .describe("Retention and the dashboard's delete also remove the clip's off-site copy; false keeps off-site copies"),
    min_free_percent: z
      .number()
      .min(0)
      .max(90)
      .default(5)
      .describe(
        'Emergency retention: when the media disk has less than this share free, delete the oldest clips that did not alert first (alerted ones last) until it is back above; 0 = off',
      ),
  })
  .prefault({});
export type RetentionConfig = CamelCasedDeep<z.output<typeof RetentionConfigSchema>>;
