/**
 * The live view's contract (GET /api/cameras/:name/live): how the dashboard shows a camera live. Like
 * contract.ts, the web imports only types from here.
 */
import { z } from 'zod';

/**
 * `video`: GET /api/cameras/:name/live.mp4 plays in a `<video>` (H.264, stream-copied to fragmented MP4).
 * `pictures`: the camera sends a codec browsers cannot play (H.265); the view refreshes `latest.jpg` instead.
 */
export const LiveViewModeSchema = z.enum(['video', 'pictures']);
export type LiveViewMode = z.infer<typeof LiveViewModeSchema>;

export const LiveViewResponseSchema = z.object({
  camera: z.string(),
  mode: LiveViewModeSchema,
  /** The camera's video codec as ffmpeg names it (`h264`, `hevc`), read from the relayed stream. */
  codec: z.string(),
});
export type LiveViewResponse = z.infer<typeof LiveViewResponseSchema>;
