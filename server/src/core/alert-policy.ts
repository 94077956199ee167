import type { AlertDecision } from './alert-decision.js';
import type { Clip } from './clip.js';

/** Decides whether a clip alerts, always with a reason. Implemented in alert/. */
export interface AlertPolicy {
  /** `clip` carries the detector's and analyzer's results (either may be null) and the analyze stage record. */
  decide(clip: Clip, now: Date): AlertDecision;
}
