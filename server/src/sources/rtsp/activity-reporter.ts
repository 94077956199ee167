import type { LiveCameraReports } from '../../core/live-camera.js';
import type { Logger } from '../../core/logger.js';
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
  readonly log: Logger;
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
  /** Why reports fail, while they do (the watcher cannot store events: a full disk). */
  private failing: string | null = null;

  constructor(private readonly options: ActivityReporterOptions) {
    this.motion = new MotionPeriod(options.offDelayMs);
  }

  /** A moving frame at `at`: returns the event the recording belongs to (null when nobody watches). */
  motionSeen(at: number): string | null {
    const reports = this.options.reports;
    if (this.motion.onMotion(at) || (reports && !this.current)) {
      this.current = this.report('motion', (r) => r.motionStarted(this.options.camera, at));
    }
    return this.current;
  }

  /** For health: live events are not being recorded, and why; null while reports work. */
  get reportProblem(): string | null {
    return this.failing === null ? null : `live events not recorded: ${this.failing}`;
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
    this.report('the end of motion', (r) => r.motionStopped(this.options.camera, at));
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
    this.report('the end of a recording', (r) => r.recordingFinished(this.options.camera, id));
  }

  /**
   * A report never reaches the recorder as a throw: a watcher that cannot store the event (SQLite full on
   * a full disk) must not take the ffmpeg pipe handler, and with it the process, down. Recording goes on
   * without the live event; the first failure of a streak is an error, the rest debug.
   */
  private report<T>(what: string, send: (reports: LiveCameraReports) => T): T | null {
    const reports = this.options.reports;
    if (!reports) return null;
    try {
      const value = send(reports);
      if (this.failing !== null) this.options.log.info({ event_type: 'rtsp.live_report_recovered' }, 'live events are recorded again');
      this.failing = null;
      return value;
    } catch (e) {
      const first = this.failing === null;
      this.failing = e instanceof Error ? e.message : String(e);
      this.options.log[first ? 'error' : 'debug'](
        { event_type: 'rtsp.live_report_failed', report: what, err: e },
        `could not report ${what} to the live event; recording goes on`,
      );
      return null;
    }
  }
}
