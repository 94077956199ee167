/**
 * One finished file of the camera's rolling buffer, with wall-clock times in ms: what the stream
 * writes and what recording cuts clips from.
 */
export interface Segment {
  readonly path: string;
  readonly startedAt: number;
  readonly endedAt: number;
}
