import { z } from 'zod';

/** A part of the frame as shares of its width and height: [x1, y1, x2, y2], each 0..1. */
export const FrameAreaSchema = z
  .tuple([z.number().min(0).max(1), z.number().min(0).max(1), z.number().min(0).max(1), z.number().min(0).max(1)])
  .refine(([x1, y1, x2, y2]) => x1 < x2 && y1 < y2, { message: 'an area needs x1 < x2 and y1 < y2' });
export type FrameArea = z.infer<typeof FrameAreaSchema>;

/**
 * What a user taught HomeSec with a "false alarm": ignore this label on this camera, anywhere or only
 * in one area of the frame. The alert policy applies every rule to every event.
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
});
export type FeedbackRule = z.infer<typeof FeedbackRuleSchema>;

/** The rule in words, as decisions and the Settings page name it. */
export function describeRule(rule: Pick<FeedbackRule, 'camera' | 'label' | 'area'>): string {
  if (!rule.area) return `ignore ${rule.label} on ${rule.camera}`;
  const [x1, y1, x2, y2] = rule.area.map((v) => Math.round(v * 100));
  return `ignore ${rule.label} in an area of ${rule.camera} (${x1}–${x2}% across, ${y1}–${y2}% down)`;
}
