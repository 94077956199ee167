import type { AlertEvidence, EvidenceDetection } from '../core/alert-evidence.js';
import { ruleLive, type FeedbackRule, type FrameArea } from '../core/feedback-rule.js';

/** The rules that together explain everything `labels` names in the evidence, or null when something is left. */
export interface RuleMatch {
  readonly rules: readonly FeedbackRule[];
  readonly labels: readonly string[];
}

/** What no rule may silence: the camera's `always_alert_activities` (a `critical` verdict never is). */
export interface RuleLimits {
  readonly alwaysAlertActivities: readonly string[];
  /** Rules that expired before this moment no longer apply. */
  readonly now: Date;
}

/**
 * Whether the user's rules cover what would make this event alert. Never when the verdict is
 * `critical` or its activity is one that always alerts: a rule made from a harmless moment ("ignore
 * person on this camera") must not silence danger. Otherwise every label in `labels` must be ignored
 * by a live rule: camera-wide, or area rules that hold every box of that label the detector saw (a
 * person who walks out of the ignored area is not ignored any more). Nothing to match: no match.
 */
export function matchRules(
  evidence: AlertEvidence,
  rules: readonly FeedbackRule[],
  labels: readonly string[],
  limits: RuleLimits = { alwaysAlertActivities: [], now: new Date() },
): RuleMatch | null {
  const analysis = evidence.analysis;
  if (analysis && (analysis.riskLevel === 'critical' || limits.alwaysAlertActivities.includes(analysis.activity))) return null;
  return coveredBy(evidence, rules, labels, limits.now);
}

/**
 * The rules that let the paid vision-model call be skipped: those marked `skipAnalysis` that together
 * ignore every label that would trigger the call. There is no verdict yet, so only the user's choice to
 * skip it stands between the rule and a danger the model would have seen: it is off by default.
 */
export function matchAnalysisSkip(
  evidence: Pick<AlertEvidence, 'camera' | 'detections'>,
  rules: readonly FeedbackRule[],
  labels: readonly string[],
  now: Date,
): RuleMatch | null {
  return coveredBy(
    evidence,
    rules.filter((r) => r.skipAnalysis),
    labels,
    now,
  );
}

function coveredBy(
  evidence: Pick<AlertEvidence, 'camera' | 'detections'>,
  rules: readonly FeedbackRule[],
  labels: readonly string[],
  now: Date,
): RuleMatch | null {
  const mine = rules.filter((r) => r.camera === evidence.camera && ruleLive(r, now));
  if (mine.length === 0 || labels.length === 0) return null;
  const used = new Map<string, FeedbackRule>();
  for (const label of labels) {
    const covering = rulesCovering(label, evidence.detections, mine);
    if (!covering) return null;
    for (const rule of covering) used.set(rule.id, rule);
  }
  return { rules: [...used.values()], labels };
}

function rulesCovering(label: string, detections: readonly EvidenceDetection[], rules: readonly FeedbackRule[]): FeedbackRule[] | null {
  const forLabel = rules.filter((r) => r.label === label);
  const anywhere = forLabel.find((r) => r.area === null);
  if (anywhere) return [anywhere];
  const boxes = detections.filter((d) => d.label === label);
  // An area rule needs to know where the object was: without a box it cannot say the object stayed inside.
  if (boxes.length === 0) return null;
  const used = new Set<FeedbackRule>();
  for (const detection of boxes) {
    const rule = forLabel.find((r) => r.area !== null && centreInside(detection, r.area));
    if (!rule) return null;
    used.add(rule);
  }
  return [...used];
}

function centreInside(d: EvidenceDetection, area: FrameArea): boolean {
  const [x1, y1, x2, y2] = d.box;
  const cx = (x1 + x2) / 2 / d.frameWidth;
  const cy = (y1 + y2) / 2 / d.frameHeight;
  return cx >= area[0] && cx <= area[2] && cy >= area[1] && cy <= area[3];
}

/** The area a rule made from one box ignores: the box grown by half its size on each side, kept in the frame. */
export function areaAround(box: readonly [number, number, number, number], frameWidth: number, frameHeight: number): FrameArea {
  const [x1, y1, x2, y2] = box;
  const padX = (x2 - x1) / 2;
  const padY = (y2 - y1) / 2;
  const clamp = (v: number) => Math.min(1, Math.max(0, v));
  const round = (v: number) => Math.round(v * 1000) / 1000;
  return [
    round(clamp((x1 - padX) / frameWidth)),
    round(clamp((y1 - padY) / frameHeight)),
    round(clamp((x2 + padX) / frameWidth)),
    round(clamp((y2 + padY) / frameHeight)),
  ];
}
