import type { Analysis } from './analysis.js';
import type { Clip } from './clip.js';
import type { LabelSummary, ObjectCount } from './detection.js';
import type { HealthCheck } from './bus-signals.js';
import type { Failure } from './failure.js';
import type { Part } from './lifecycle.js';

/**
 * How the analyze stage ended. `skipped` always names why (run_mode_never, no_trigger_label,
 * budget_exceeded, circuit_open, analyzer_disabled, ...); `failed` says whether a later retry may help.
 */
export type AnalyzeOutcome =
  | { readonly kind: 'analyzed'; readonly analysis: Analysis }
  | { readonly kind: 'skipped'; readonly reason: string }
  | ({ readonly kind: 'failed' } & Failure);

/** A stored clip, with what the detect stage found in it. */
export interface ClipSubject {
  readonly kind: 'clip';
  readonly clip: Pick<Clip, 'id' | 'camera' | 'startedAt' | 'durationS' | 'detection' | 'stages'>;
}

/** The first seconds of a live event: the footage recorded so far and what the live detector found. */
export interface LiveEventSubject {
  readonly kind: 'live_event';
  /** The event's id: the spend is booked on it. */
  readonly eventId: string;
  readonly camera: string;
  /** When the footage starts (pre-roll included). */
  readonly startedAt: string;
  readonly durationS: number;
  /** The live detector's labels with their real best scores and frame counts. */
  readonly labels: readonly LabelSummary[];
  readonly framesSampled: number;
  /** Distinct objects the live detector tracked, moving and stationary ("2 persons, 1 car"). */
  readonly objectCounts?: readonly ObjectCount[];
  /** Seconds into the footage of the moment the trigger was confirmed. */
  readonly confirmedAtS: number;
}

/** What the analyzer looks at. */
export type AnalysisSubject = ClipSubject | LiveEventSubject;

/** A JPEG of the clip at `t` seconds, already made by the detector's decode. */
export interface SampledPicture {
  readonly t: number;
  readonly path: string;
}

/** Asks a vision-language model what happened in a clip. Implemented in analyze/. */
export interface ClipAnalyzer extends Part {
  start(signal: AbortSignal): Promise<void>;
  stop(): Promise<void>;
  /**
   * `mediaFile` is the absolute path of the footage (the stored clip, or the live event's so far).
   * `pictures`, when given, are the detector's frames to choose from instead of decoding again.
   */
  analyze(subject: AnalysisSubject, mediaFile: string, signal: AbortSignal, pictures?: readonly SampledPicture[]): Promise<AnalyzeOutcome>;
  health(): HealthCheck;
}
