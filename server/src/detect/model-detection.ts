import type { Box } from '../core/detection.js';

/** One box as the model sees it: model-input pixels, class id, final score (0-1). */
export interface ModelDetection {
  readonly classId: number;
  readonly score: number;
  readonly box: Box;
}

/** What the decoders keep. */
export interface DecodeOptions {
  readonly minScore: number;
  /** Class ids to consider; null means every class the model has. */
  readonly classIds: readonly number[] | null;
}
