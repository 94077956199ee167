import type { LiveCameraReports } from '../../core/live-camera.js';
import type { ClipPlan } from './recording/clip-planner.js';
import { MotionPeriod } from './stream/motion-period.js';

export interface ActivityReporterOptions {
  readonly camera: string;
  /** Where the camera reports (events/live/); null when nobody watches (tests of recording alone). */
  readonly reports: LiveCameraReports | null;
  /** `motion_off_delay_s`: how long nothing moves before motion is over. */
  readonly offDelayMs: number;
  /** The event whose clip the recorder has open right now, if any. */
  readonly openEventId: () => string | null;
}

/**
 * Tells the watcher of one RTSP camera what happens in front of it, in the camera's own terms: motion
 * on at the first moving frame and off after the off delay, the event each recording belongs to, and
 * when an event's recording is over (motion stopped, no clip of it open or waiting for intake).
 */
export class ActivityReporter {
  private readonly motion: MotionPeriod;
  private current: string | null = null;
  /** Clips planned for an event and not yet handed over. */
  private readonly pending = new Map<string, number>();

  constructor(private readonly options: ActivityReporterOptions) {
    this.motion = new MotionPeriod(options.offDelayMs);
  }

  /** A moving frame at `at`: returns the event the recording belongs to (null when nobody watches). */
  motionSeen(at: number): string | null {
    const reports = this.options.reports;
    if (this.motion.onMotion(at) || (reports && !this.current)) {
      if (reports) this.current = reports.motionStarted(this.options.camera, at);
    }
    return this.current;
  }

  tick(now: number): void {
    const stoppedAt = this.motion.tick(now);
    if (stoppedAt !== null) this.motionStopped(stoppedAt);
  }

  /** The camera stops: motion ends now if it was on. */
  end(now: number): void {
    const stoppedAt = this.motion.end();
    if (stoppedAt !== null) this.motionStopped(Math.min(stoppedAt, now));
  }

  clipPlanned(plan: ClipPlan): void {
    if (plan.eventId) this.pending.set(plan.eventId, (this.pending.get(plan.eventId) ?? 0) + 1);
  }

  clipHandedOver(plan: ClipPlan): void {
    const id = plan.eventId;
    if (!id) return;
    this.pending.set(id, Math.max(0, (this.pending.get(id) ?? 1) - 1));
    this.maybeFinish(id);
  }

  /** Recording stopped for good: whatever was still being recorded ends with the clips it has. */
  stopped(): void {
    if (this.current) this.finish(this.current);
  }

  private motionStopped(at: number): void {
    this.options.reports?.motionStopped(this.options.camera, at);
    if (this.current) this.maybeFinish(this.current);
  }

  private maybeFinish(id: string): void {
    if ((this.pending.get(id) ?? 0) > 0) return;
    if (this.options.openEventId() === id) return;
    if (this.motion.active && this.current === id) return;
    this.finish(id);
  }

  private finish(id: string): void {
    this.pending.delete(id);
    if (this.current === id) this.current = null;
    this.options.reports?.recordingFinished(this.options.camera, id);
  }
}
