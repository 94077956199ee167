import type { Clip } from '../core/clip.js';
import type { Failure } from '../core/failure.js';

/** Fields a stage sets on the clip when it is recorded (its own fields only: tracks run in parallel). */
export type ClipPatch = Partial<Pick<Clip, 'detection' | 'analysis' | 'offsite' | 'snapshotPath'>>;

/** How one attempt of a stage ended. Exhaustively switched on by the pipeline. */
export type StageOutcome =
  | { readonly kind: 'ok'; readonly patch?: ClipPatch; readonly detail?: Record<string, unknown> }
  | { readonly kind: 'skipped'; readonly reason: string; readonly patch?: ClipPatch }
  | ({ readonly kind: 'failed'; readonly patch?: ClipPatch } & Failure);

export interface StageContext {
  /** Absolute path of the stored clip file. */
  readonly mediaFile: string;
  readonly signal: AbortSignal;
}

export type StageHandler = (clip: Clip, context: StageContext) => Promise<StageOutcome>;
