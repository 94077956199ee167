import type { Clip } from './clip.js';
import type { ClipEvent } from './clip-event.js';

export interface CameraStatus {
  readonly camera: string;
  readonly online: boolean;
  readonly lastFrameAt: string | null;
  readonly detail: string | null;
}

export interface HealthCheck {
  readonly status: 'healthy' | 'degraded' | 'unhealthy';
  readonly message: string;
}

/** Everything that happens inside HomeSec that someone else may want to hear about. */
export type HomesecEvents = {
  /** A lifecycle step was recorded for a clip; `clip` is its state after the step. */
  'clip.recorded': [clip: Clip, event: ClipEvent];
  'clip.deleted': [clipId: string, camera: string];
  'camera.statusChanged': [status: CameraStatus];
  'camera.armedChanged': [camera: string, armed: boolean];
  'health.changed': [name: string, check: HealthCheck];
};
