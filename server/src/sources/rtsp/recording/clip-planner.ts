import type { Segment } from '../segment.js';

/** `interrupted`: footage of a run that was killed mid-recording, recovered at the next start. */
export type ClipEndReason = 'motion_ended' | 'max_length' | 'stopped' | 'stream_lost' | 'interrupted';

/** Segments that make one clip, in order. */
export interface ClipPlan {
  readonly segments: readonly Segment[];
  readonly startedAt: number;
  readonly endedAt: number;
  readonly reason: ClipEndReason;
  /** When the first motion of this clip was seen (null for the continuation after a split). */
  readonly firstMotionAt: number | null;
  /** The live event the clip was recorded for (a split keeps it). */
  readonly eventId: string | null;
}

export interface ClipPlannerOptions {
  readonly preRollMs: number;
  readonly postRollMs: number;
  readonly maxClipMs: number;
  /** How long past the clip's end to wait for the segment covering it before cutting with what exists. */
  readonly lateSegmentGraceMs: number;
  /** Motion is reported a little after it happens; idle buffers keep this much beyond the pre-roll. */
  readonly motionLatencyMs: number;
}

interface OpenClip {
  from: number;
  lastMotionAt: number;
  readonly firstMotionAt: number | null;
  eventId: string | null;
}

/**
 * Decides which buffered segments form a clip: a clip opens at the first motion minus the pre-roll,
 * stays open while motion continues, ends post-roll after the last motion, and is split at the maximum
 * length. Pure: time is passed in, files are the caller's business (it deletes what `takeDiscarded` returns).
 */
export class ClipPlanner {
  private buffer: Segment[] = [];
  private discarded: Segment[] = [];
  private clip: OpenClip | null = null;
  /** End of the last segment given to a clip: a new clip never repeats footage. */
  private usedUntil = Number.NEGATIVE_INFINITY;

  constructor(private readonly settings: ClipPlannerOptions) {}

  get recording(): boolean {
    return this.clip !== null;
  }

  /** The live event of the clip being recorded, if any. */
  get openEventId(): string | null {
    return this.clip?.eventId ?? null;
  }

  /** Records motion seen at `at` (in live event `eventId`); returns true when this opened a new clip. */
  onMotion(at: number, eventId: string | null = null): boolean {
    if (this.clip) {
      this.clip.lastMotionAt = Math.max(this.clip.lastMotionAt, at);
      // The live event could not be opened when the clip began (its database was full): the clip joins the one opened now.
      this.clip.eventId ??= eventId;
      return false;
    }
    this.clip = { from: Math.max(at - this.settings.preRollMs, this.usedUntil), lastMotionAt: at, firstMotionAt: at, eventId };
    return true;
  }

  /** The segments of the clip being recorded so far (pre-roll included): the early VLM call looks at them. */
  openSegments(): Segment[] {
    const clip = this.clip;
    return clip ? this.buffer.filter((s) => s.endedAt > clip.from) : [];
  }

  onSegment(segment: Segment): ClipPlan[] {
    this.buffer.push(segment);
    return this.evaluate(segment.endedAt);
  }

  /** Time passes without a segment (a stalled recorder): may end a clip with what exists. */
  tick(now: number): ClipPlan[] {
    return this.evaluate(now);
  }

  /** Stop: the clip in progress ends now with the segments there are (post-roll cut short). */
  flush(now: number): ClipPlan | null {
    const clip = this.clip;
    if (!clip) return null;
    const end = Math.min(now, clip.lastMotionAt + this.settings.postRollMs);
    return this.close(clip, end, 'stopped');
  }

  /** Segments dropped from the buffer since the last call; their files may be deleted. */
  takeDiscarded(): Segment[] {
    const out = this.discarded;
    this.discarded = [];
    return out;
  }

  private evaluate(now: number): ClipPlan[] {
    const clip = this.clip;
    if (!clip) {
      this.pruneBefore(now - this.settings.preRollMs - this.settings.motionLatencyMs);
      return [];
    }
    const plans: ClipPlan[] = [];
    const endAt = clip.lastMotionAt + this.settings.postRollMs;
    const candidates = this.buffer.filter((s) => s.endedAt > clip.from && s.startedAt < endAt);
    const last = candidates[candidates.length - 1];
    const first = candidates[0];
    if (last && last.endedAt >= endAt) {
      pushIfSome(plans, this.close(clip, endAt, 'motion_ended'));
    } else if (now >= endAt + this.settings.lateSegmentGraceMs) {
      pushIfSome(plans, this.close(clip, endAt, 'stream_lost'));
    } else if (first && last && last.endedAt - first.startedAt >= this.settings.maxClipMs) {
      pushIfSome(plans, this.split(clip, candidates));
    }
    return plans;
  }

  private split(clip: OpenClip, candidates: readonly Segment[]): ClipPlan | null {
    const plan = this.close(clip, Number.POSITIVE_INFINITY, 'max_length');
    const last = candidates[candidates.length - 1];
    // Motion is still recent: the next clip continues exactly where this one ends.
    if (last) this.clip = { from: last.endedAt, lastMotionAt: clip.lastMotionAt, firstMotionAt: null, eventId: clip.eventId };
    return plan;
  }

  private close(clip: OpenClip, endAt: number, reason: ClipEndReason): ClipPlan | null {
    const segments = this.buffer.filter((s) => s.endedAt > clip.from && s.startedAt < endAt);
    this.clip = null;
    const first = segments[0];
    const last = segments[segments.length - 1];
    if (!first || !last) return null;
    this.usedUntil = last.endedAt;
    // Used segments leave the buffer but are not discarded: the caller deletes them after assembly.
    this.discarded.push(...this.buffer.filter((s) => s.endedAt <= clip.from));
    this.buffer = this.buffer.filter((s) => s.endedAt > last.endedAt);
    return {
      segments,
      startedAt: first.startedAt,
      endedAt: last.endedAt,
      reason,
      firstMotionAt: clip.firstMotionAt,
      eventId: clip.eventId,
    };
  }

  private pruneBefore(keepAfter: number): void {
    const keep: Segment[] = [];
    for (const s of this.buffer) (s.endedAt > keepAfter ? keep : this.discarded).push(s);
    this.buffer = keep;
  }
}

function pushIfSome(plans: ClipPlan[], plan: ClipPlan | null): void {
  if (plan) plans.push(plan);
}
