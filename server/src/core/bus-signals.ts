import type { CameraEvent, DetectionMoment } from './camera-event.js';
import type { Clip } from './clip.js';
import type { ObjectCount } from './detection.js';
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
export type BusSignals = {
  /** A lifecycle step was recorded for a clip; `clip` is its state after the step. */
  'clip.recorded': [clip: Clip, event: ClipEvent];
  'clip.deleted': [clipId: string, camera: string];
  'camera.statusChanged': [status: CameraStatus];
  /** Live motion on an RTSP camera: true at its start, false once it stopped for the off delay. */
  'camera.motion': [camera: string, active: boolean, atMs: number];
  /** What the live detector sees right now (a frame while there is motion); empty when nothing. */
  /** A live detector frame; `inView` counts its objects per label, moving and stationary apart. */
  'camera.objects': [camera: string, moment: DetectionMoment, inView: readonly ObjectCount[]];
  /** A camera event began (first motion, or a whole clip arrived). */
  'event.opened': [event: CameraEvent];
  /** Any change of an event (detections, verdict, alerts, clips, end); `event` is its state after. */
  'event.updated': [event: CameraEvent];
  /** The event ended (also announced as an update). */
  'event.closed': [event: CameraEvent];
  'camera.armedChanged': [camera: string, armed: boolean];
  'health.changed': [name: string, check: HealthCheck];
};
