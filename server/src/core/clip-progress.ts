import type { Analysis } from './analysis.js';
import type { IncomingClip } from './clip-intake.js';
import type { Clip, StageName } from './clip.js';
import type { KnownStationary } from './object-detector.js';

/**
 * How a clip's way through intake and the pipeline reaches the event it belongs to. Implemented by
 * the event service in events/; the pipeline calls it after each recorded step.
 */
export interface ClipProgress {
  /** The event the clip belongs to (its source's live event, or a new one for a whole clip). */
  eventForClip(incoming: IncomingClip, startedAt: Date): string;
  clipStored(clip: Clip): void;
  /** A finished clip goes through the pipeline again (cleanup found objects): it becomes a new event. */
  clipRequeued(clip: Clip): string;
  stageRecorded(stage: StageName, clip: Clip): void;
  /** The clip is done, or failed for good. */
  clipFinished(clip: Clip): void;
  /**
   * The verdict the clip takes from its event instead of a VLM call of its own (a live event makes
   * the early call and at most one final call, on its last clip; `analyzer.final_call_after_s`), or
   * null when this clip's call is wanted.
   */
  verdictFor(clip: Clip): Analysis | null;
  /** Why the clip's event wants no paid VLM call (a rule the user marked "skip the vision model"), or null. */
  analysisSkippedFor(clip: Clip): string | null;
  /** What the clip's camera last saw standing still live (a parked car is no trigger in its clip either), or null. */
  stationaryFor(clip: Clip): KnownStationary | null;
}
