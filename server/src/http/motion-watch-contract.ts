/**
 * The motion overlay's socket.io messages (issue #24 point 4): the dashboard asks to watch one camera's motion
 * detector and gets each motion frame's view until it unwatches or goes away. Like contract.ts, the web
 * imports only types from here.
 */
import { z } from 'zod';
import type { MotionView } from '../core/motion-view.js';

export { MotionViewSchema, type MotionRegion, type MotionVerdict, type MotionView } from '../core/motion-view.js';

/** `motion:watch` and `motion:unwatch`: the camera by name. */
export const MotionWatchRequestSchema = z.strictObject({ camera: z.string().min(1).max(64) });
export type MotionWatchRequest = z.infer<typeof MotionWatchRequestSchema>;

/** The answer to `motion:watch`: frames follow, or why not. */
export type MotionWatchAnswer = { readonly ok: true } | { readonly ok: false; readonly error: string; readonly message: string };

export interface MotionClientEvents {
  /** Start getting `motion:frame` for the camera (again after a reconnect: the server forgets with the connection). */
  'motion:watch': (request: MotionWatchRequest, answer: (answer: MotionWatchAnswer) => void) => void;
  'motion:unwatch': (request: MotionWatchRequest) => void;
}

export interface MotionServerEvents {
  /** What the motion detector saw in one frame of a watched camera, at most at its motion fps. */
  'motion:frame': (view: MotionView) => void;
}
