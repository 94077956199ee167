import type { AlertDecision } from './alert-decision.js';
import type { AlertEvidence } from './alert-evidence.js';
import type { Clip } from './clip.js';

/** Decides whether a clip or an event alerts, always with a reason. Implemented in alert/. */
export interface AlertPolicy {
  /** `clip` carries the detector's and analyzer's results (either may be null) and the analyze stage record. */
  decide(clip: Clip, now: Date): AlertDecision;
  /** The same rules on an event's findings (an early alert has no verdict yet). */
  decideOn(evidence: AlertEvidence, now: Date): AlertDecision;
  /** What the findings are worth, without the suppressors (armed, quiet hours, cooldown) and without side effects. */
  assess(evidence: AlertEvidence): AlertDecision;
}
