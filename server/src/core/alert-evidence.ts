import type { Analysis } from './analysis.js';
import type { CameraEvent } from './camera-event.js';
import type { Box } from './detection.js';

/** One box the detector drew, with the size of the frame it was drawn on (feedback rules match by area). */
export interface EvidenceDetection {
  readonly label: string;
  readonly box: Box;
  readonly frameWidth: number;
  readonly frameHeight: number;
}

/** Where the vision model's verdict stands when a decision is made. */
export type VlmState = 'pending' | 'failed' | 'skipped' | 'done';

/** What the alert policy decides on: a clip's or an event's findings, in one shape. */
export interface AlertEvidence {
  /** The clip or event id: a cooldown never holds back its own subject. */
  readonly id: string;
  readonly camera: string;
  readonly analysis: Analysis | null;
  /** Whether the detector looked at all. */
  readonly detected: boolean;
  /** Every label the detector saw. */
  readonly labels: readonly string[];
  /**
   * The detector confirmed a trigger label on a moving object (`detector.confirm_frames`); a label seen
   * once, or only on something standing still (a parked car), alerts nothing without a verdict.
   */
  readonly triggered: boolean;
  /** Every box the detector drew for the subject (an event's moments, a clip's best frame). */
  readonly detections: readonly EvidenceDetection[];
  /** The zones a moving trigger object entered (alerts.overrides[].require_zones); absent: none. */
  readonly zones?: readonly string[];
  readonly vlm: { readonly state: VlmState; readonly reason: string | null };
}

/** An event's findings; `vlm` says whether its verdict is still to come (an early alert) or will not come. */
export function evidenceOfEvent(event: CameraEvent, vlm: AlertEvidence['vlm']): AlertEvidence {
  return {
    id: event.id,
    camera: event.camera,
    analysis: event.analysis,
    detected: event.detectorRan,
    labels: event.labels.map((l) => l.label),
    triggered: event.triggered,
    detections: event.moments.flatMap((m) =>
      m.detections.map((d) => ({ label: d.label, box: d.box, frameWidth: m.frameWidth, frameHeight: m.frameHeight })),
    ),
    zones: event.zones ?? [],
    vlm: event.analysis ? { state: 'done', reason: null } : vlm,
  };
}
