import { z } from 'zod';

/** Whether a clip alerted and, always, why (or why not). */
export const AlertDecisionSchema = z.object({
  alert: z.boolean(),
  /** Stable machine-readable reason, e.g. `risk_at_or_above_min`, `cooldown`, `disarmed`, `quiet_hours`. */
  reason: z.string(),
  /** The same reason in words for the dashboard. */
  detail: z.string(),
});
export type AlertDecision = z.infer<typeof AlertDecisionSchema>;
