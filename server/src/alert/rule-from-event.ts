import type { CameraEvent } from '../core/camera-event.js';
import { ruleExpiry, type FeedbackRule, type RuleDuration } from '../core/feedback-rule.js';
import type { NewFeedbackRule } from './feedback-rules.js';
import { areaAround } from './rule-match.js';

/** The rule the dashboard's False alarm offers first: the event's top label, where it was seen best. */
export interface RuleChoice {
  readonly label: string;
  readonly scope: 'area' | 'camera';
  readonly duration: RuleDuration;
  readonly skipAnalysis: boolean;
}

/**
 * A feedback rule made from an event, as POST /api/rules makes it: for `area`, the best-scoring box of
 * the label over the event's moments (padded, areaAround) is the place; null when `area` has no box.
 */
export function ruleFromEvent(event: CameraEvent, choice: RuleChoice, now: Date): NewFeedbackRule | null {
  let area: FeedbackRule['area'] = null;
  if (choice.scope === 'area') {
    const seen = event.moments.flatMap((m) => m.detections.filter((d) => d.label === choice.label).map((d) => ({ d, m })));
    const best = seen.sort((a, b) => b.d.score - a.d.score)[0];
    if (!best) return null;
    area = areaAround(best.d.box, best.m.frameWidth, best.m.frameHeight);
  }
  return {
    camera: event.camera,
    label: choice.label,
    area,
    fromEventId: event.id,
    expiresAt: ruleExpiry(choice.duration, now),
    skipAnalysis: choice.skipAnalysis,
  };
}

/** The phone's False alarm: the dashboard's first offer (the top label in its area, for ever), or on the camera. */
export function falseAlarmRule(event: CameraEvent, now: Date): NewFeedbackRule | null {
  const label = event.labels[0]?.label;
  if (!label) return null;
  const base = { label, duration: 'forever', skipAnalysis: false } as const;
  return ruleFromEvent(event, { ...base, scope: 'area' }, now) ?? ruleFromEvent(event, { ...base, scope: 'camera' }, now);
}
