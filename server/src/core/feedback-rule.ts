import { z } from 'zod';

/** A part of the frame as shares of its width and height: [x1, y1, x2, y2], each 0..1. */
export const FrameAreaSchema = z
  .tuple([z.number().min(0).max(1), z.number().min(0).max(1), z.number().min(0).max(1), z.number().min(0).max(1)])
  .refine(([x1, y1, x2, y2]) => x1 < x2 && y1 < y2, { message: 'an area needs x1 < x2 and y1 < y2' });
export type FrameArea = z.infer<typeof FrameAreaSchema>;

/** How long a new rule applies, as the dashboard offers it. */
export const RULE_DURATIONS = ['1d', '1w', 'forever'] as const;
export type RuleDuration = (typeof RULE_DURATIONS)[number];

/**
 * What a user taught HomeSec with a "false alarm": ignore this label on this camera, anywhere or only
 * in one area of the frame, until it expires. The alert policy applies every live rule to every event,
 * but no rule silences a `critical` verdict or an activity in `always_alert_activities`.
 */
export const FeedbackRuleSchema = z.object({
  id: z.string().min(1),
  camera: z.string().min(1),
  label: z.string().min(1),
  /** null: anywhere in the camera's picture. */
  area: FrameAreaSchema.nullable(),
  /** The event the rule was made from (the user's example), if any. */
  fromEventId: z.string().nullable(),
  createdAt: z.iso.datetime({ offset: true }),
  /** When the rule stops applying; null: never. */
  expiresAt: z.iso.datetime({ offset: true }).nullable().default(null),
  /**
   * Also skip the paid vision-model call when everything that would trigger it is what the rule ignores
   * (the detector's word decides then, so a verdict the call would have given cannot override the rule).
   */
  skipAnalysis: z.boolean().default(false),
  /** How many events the rule kept from alerting, and the last time it did. */
  hits: z.number().int().min(0).default(0),
  lastHitAt: z.iso.datetime({ offset: true }).nullable().default(null),
});
export type FeedbackRule = z.infer<typeof FeedbackRuleSchema>;

/** The end of a rule made at `now` for `duration`; null for ever. */
export function ruleExpiry(duration: RuleDuration, now: Date): string | null {
  const days = duration === '1d' ? 1 : duration === '1w' ? 7 : null;
  return days === null ? null : new Date(now.getTime() + days * 86_400_000).toISOString();
}

/** Whether the rule still applies at `now`. */
export function ruleLive(rule: Pick<FeedbackRule, 'expiresAt'>, now: Date): boolean {
  return rule.expiresAt === null || Date.parse(rule.expiresAt) > now.getTime();
}

/** The rule in words, as decisions and the Settings page name it. */
export function describeRule(rule: Pick<FeedbackRule, 'camera' | 'label' | 'area'>): string {
  if (!rule.area) return `ignore ${rule.label} on ${rule.camera}`;
  const [x1, y1, x2, y2] = rule.area.map((v) => Math.round(v * 100));
  return `ignore ${rule.label} in an area of ${rule.camera} (${x1}–${x2}% across, ${y1}–${y2}% down)`;
}
