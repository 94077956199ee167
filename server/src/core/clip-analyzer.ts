import type { Analysis } from './analysis.js';
import type { Clip } from './clip.js';
import type { HealthCheck } from './events.js';
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

/** What the analyzer needs to know about what it looks at: a clip, or the first seconds of a live event. */
export type AnalysisSubject = Pick<Clip, 'id' | 'camera' | 'startedAt' | 'durationS' | 'detection' | 'stages'>;

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
   * `mediaFile` is the absolute path of the stored clip; `clip.detection` holds the detector's result.
   * `pictures`, when given, are the detector's frames to choose from instead of decoding the clip again.
   */
  analyze(clip: AnalysisSubject, mediaFile: string, signal: AbortSignal, pictures?: readonly SampledPicture[]): Promise<AnalyzeOutcome>;
  health(): HealthCheck;
}
