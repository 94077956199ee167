import type { AlertDecision } from './alert-decision.js';
import type { AlertEvidence } from './alert-evidence.js';

/** Decides whether an event alerts, always with a reason. Implemented in alert/; the event service asks it. */
export interface AlertPolicy {
  /** On an event's findings so far (an early alert has no verdict yet). */
  decideOn(evidence: AlertEvidence, now: Date): AlertDecision;
  /**
   * Why the paid vision-model call is not made for these findings: a rule the user marked "skip the
   * vision model" ignores every trigger label seen (counted as a hit). Null: make the call.
   */
  analysisSkippedBy(evidence: AlertEvidence, now: Date): string | null;
  /** What the findings are worth, without the suppressors (armed, quiet hours, cooldown) and without side effects. */
  assess(evidence: AlertEvidence): AlertDecision;
}
