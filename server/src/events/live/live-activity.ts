import type { Analysis } from '../../core/analysis.js';
import type { DetectionMoment } from '../../core/camera-event.js';
import type { LabelSummary, ObjectCount } from '../../core/detection.js';
import type { KnownStationary } from '../../core/object-detector.js';

/**
 * What live watching (motion, the live detector, the early VLM call) tells the event service, so the
 * first alert does not wait for the clip. Implemented by the event service.
 */
export interface LiveActivity {
  /**
   * The camera's source started. Events it was recording when HomeSec was killed end now, except those
   * whose recovered footage is on its way as clips (`recovering`): they end once those are handed over.
   */
  liveCameraStarted(camera: string, recovering: readonly string[]): void;
  /** Motion began (or came back): returns the event it belongs to (a new one, or the one still going on). */
  motionStarted(camera: string, atMs: number): string;
  /** A live detector frame and what the detector has made of the event so far. */
  objectsSeen(
    eventId: string,
    moment: DetectionMoment,
    findings: {
      readonly labels: readonly LabelSummary[];
      readonly objectCounts?: readonly ObjectCount[];
      readonly triggered: boolean;
      readonly snapshotPath: string | null;
      /** What stands still in view now, in the live frame's pixels. */
      readonly stationary?: KnownStationary;
      /** The camera's zones a moving trigger object stands in on this frame. */
      readonly zones?: readonly string[];
    },
  ): void;
  /** Motion stopped for the off delay. The event still waits for its clip(s). */
  activityEnded(eventId: string, atMs: number): void;
  /** The last clip of the event was handed over (or recording stopped): the event ends once its clips are through. */
  recordingFinished(eventId: string): void;
  /** Why the early VLM call is not made (a rule that skips the vision model for all that was seen), or null. */
  earlyAnalysisSkipped(eventId: string): string | null;
  /** A verdict from the first seconds of activity. */
  analysed(eventId: string, analysis: Analysis): void;
}
