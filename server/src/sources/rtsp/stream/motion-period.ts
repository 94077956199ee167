/**
 * Whether a camera sees motion right now, as people mean it: on at the first moving frame, off once
 * nothing has moved for the off delay (so a person pausing at the door does not flicker the sensor).
 * Pure: time is passed in.
 */
export class MotionPeriod {
  private lastMotionAt: number | null = null;
  private activeSince: number | null = null;

  constructor(private readonly offDelayMs: number) {}

  get active(): boolean {
    return this.activeSince !== null;
  }

  /** A moving frame at `at`; true when this starts a period of motion. */
  onMotion(at: number): boolean {
    this.lastMotionAt = Math.max(this.lastMotionAt ?? at, at);
    if (this.activeSince !== null) return false;
    this.activeSince = at;
    return true;
  }

  /** Time passes; returns when the motion stopped (its last moving frame) if the off delay just ran out. */
  tick(now: number): number | null {
    if (this.activeSince === null || this.lastMotionAt === null) return null;
    if (now - this.lastMotionAt < this.offDelayMs) return null;
    this.activeSince = null;
    return this.lastMotionAt;
  }

  /** The camera stopped (HomeSec stops or the stream is gone): motion ends now if it was on. */
  end(): number | null {
    if (this.activeSince === null) return null;
    this.activeSince = null;
    return this.lastMotionAt;
  }
}
