import type { Analysis } from './analysis.js';
import type { IncomingClip } from './clip-intake.js';
import type { Clip, StageName } from './clip.js';

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
   * The verdict the clip's live event already has from its first seconds, when the event is short
   * enough that a second VLM call on the whole clip would add little (`analyzer.final_call_after_s`).
   */
  earlyVerdictFor(clip: Clip): Analysis | null;
}
