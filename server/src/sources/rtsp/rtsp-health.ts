import type { CameraStatus, HealthCheck } from '../../core/bus-signals.js';
import { describeQueueFailure, type SerialQueue } from '../../runtime/serial-queue.js';
import type { RecorderFailure } from './stream/recorder-failure.js';

export interface RtspHealthParts {
  readonly status: CameraStatus;
  /** Why the recorder cannot write the camera's stream now (it restarts with backoff), or null. */
  readonly recorderFailure: RecorderFailure | null;
  /** The camera's write queues; one whose latest job failed makes the camera degraded. */
  readonly queues: readonly { readonly name: string; readonly queue: SerialQueue }[];
  /** Live events are not recorded (the watcher refused a report), or null. */
  readonly reportProblem: string | null;
}

/**
 * One RTSP camera's health: unhealthy while nothing is recorded because the recorder cannot write the
 * stream (the message says what to do), degraded while its own writes or live reports fail, healthy
 * otherwise. An offline camera is not a health problem here: its status says so and it is retried.
 */
export function rtspHealth(parts: RtspHealthParts): HealthCheck {
  if (parts.recorderFailure) return { status: 'unhealthy', message: parts.recorderFailure.message };
  const problems = [
    ...parts.queues.flatMap(({ name, queue }) => (queue.failing ? [describeQueueFailure(name, queue) ?? name] : [])),
    ...(parts.reportProblem ? [parts.reportProblem] : []),
  ];
  if (problems.length > 0) return { status: 'degraded', message: problems.join('; ') };
  if (!parts.status.online) return { status: 'healthy', message: `not connected (${parts.status.detail ?? 'connecting'}); retried` };
  return { status: 'healthy', message: 'recording' };
}
