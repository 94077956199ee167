import { z } from 'zod';
import { RiskLevelSchema } from '../../core/risk-level.js';

export const AlertsConfigSchema = z
  .strictObject({
    min_risk: RiskLevelSchema.default('medium').describe('Lowest VLM risk level that alerts'),
    cooldown_s: z
      .number()
      .int()
      .min(0)
      .default(120)
      .describe('Seconds after an alert during which a camera does not alert again at the same or lower risk'),
  })
  .prefault({});
export type AlertsConfig = z.output<typeof AlertsConfigSchema>;
