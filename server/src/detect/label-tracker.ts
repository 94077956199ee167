import type { FrameDetections, LabelSummary } from '../core/detection.js';

export interface LabelTrackerOptions {
  readonly triggerLabels: readonly string[];
  /** Frames a trigger label must appear in to be confirmed (guards against one-frame flukes). */
  readonly confirmFrames: number;
}

export interface TrackedClip {
  readonly framesSampled: number;
  readonly labels: LabelSummary[];
  readonly triggered: boolean;
  readonly bestFrame: FrameDetections | null;
}

/** Follows what a clip's sampled frames contain: per-label best score and frame count, and the best frame. */
export class LabelTracker {
  private readonly seen = new Map<string, { bestScore: number; frames: number }>();
  private readonly triggers: ReadonlySet<string>;
  private frames = 0;
  private best: { frame: FrameDetections; score: number; trigger: boolean } | null = null;

  constructor(private readonly options: LabelTrackerOptions) {
    this.triggers = new Set(options.triggerLabels);
  }

  add(frame: FrameDetections): void {
    this.frames += 1;
    const labelsInFrame = new Set<string>();
    for (const d of frame.detections) {
      const entry = this.seen.get(d.label) ?? { bestScore: 0, frames: 0 };
      entry.bestScore = Math.max(entry.bestScore, d.score);
      if (!labelsInFrame.has(d.label)) entry.frames += 1;
      labelsInFrame.add(d.label);
      this.seen.set(d.label, entry);
      this.considerBest(frame, d.score, this.triggers.has(d.label));
    }
  }

  /** A trigger label has been seen in `confirmFrames` frames: sampling more cannot change the verdict. */
  get confirmed(): boolean {
    return this.triggerFrames() >= this.options.confirmFrames;
  }

  result(): TrackedClip {
    const labels = [...this.seen.entries()]
      .map(([label, s]) => ({ label, bestScore: s.bestScore, frames: s.frames }))
      .sort((a, b) => b.bestScore - a.bestScore);
    // A clip shorter than the confirmation window (a still, a 1 s clip) confirms on every frame it has.
    const needed = Math.max(1, Math.min(this.options.confirmFrames, this.frames));
    return { framesSampled: this.frames, labels, triggered: this.triggerFrames() >= needed, bestFrame: this.best?.frame ?? null };
  }

  private triggerFrames(): number {
    let most = 0;
    for (const label of this.triggers) most = Math.max(most, this.seen.get(label)?.frames ?? 0);
    return most;
  }

  /** Trigger detections beat any other; within a kind, the higher score wins. */
  private considerBest(frame: FrameDetections, score: number, trigger: boolean): void {
    const current = this.best;
    const better = !current || (trigger && !current.trigger) || (trigger === current.trigger && score > current.score);
    if (better) this.best = { frame, score, trigger };
  }
}
