import type { FrameDetections, LabelSummary, ObjectCount, TrackedObjectSummary } from '../core/detection.js';
import type { StationaryObject } from '../core/object-detector.js';
import { countObjects } from './object-counts.js';
import { ObjectTracker } from './object-tracker.js';

export interface LabelTrackerOptions {
  readonly triggerLabels: readonly string[];
  /** Frames a trigger label must appear in to be confirmed (guards against one-frame flukes). */
  readonly confirmFrames: number;
  /** Seconds an object must stay put to be stationary (detector.stationary_after_s). */
  readonly stationaryAfterS?: number;
  /** Live: a trigger seen only on stationary objects (a parked car) confirms nothing. */
  readonly ignoreStationaryTriggers?: boolean;
  /** Objects an earlier look found standing still: stationary here from their first sighting. */
  readonly stationarySeeds?: readonly StationaryObject[];
}

export interface TrackedClip {
  readonly framesSampled: number;
  readonly labels: LabelSummary[];
  readonly triggered: boolean;
  readonly bestFrame: FrameDetections | null;
  readonly objectCounts: ObjectCount[];
  readonly objects: TrackedObjectSummary[];
}

/**
 * Follows what a clip's sampled frames contain: per-label best score and frame count, the best frame,
 * and the distinct objects (tracked across frames) with their counts.
 */
export class LabelTracker {
  private readonly seen = new Map<string, { bestScore: number; frames: number; movingFrames: number }>();
  private readonly triggers: ReadonlySet<string>;
  private frames = 0;
  private readonly tracker: ObjectTracker;
  private best: { frame: FrameDetections; score: number; trigger: boolean } | null = null;

  constructor(private readonly options: LabelTrackerOptions) {
    this.triggers = new Set(options.triggerLabels);
    this.tracker = new ObjectTracker({ stationaryAfterS: options.stationaryAfterS ?? 60 });
    for (const seed of options.stationarySeeds ?? []) this.tracker.seedStationary(seed.label, seed.box, 0);
  }

  add(frame: FrameDetections): void {
    this.frames += 1;
    this.tracker.update(frame.t, frame.detections);
    const labelsInFrame = new Set<string>();
    const movingInFrame = new Set<string>();
    for (const d of frame.detections) {
      const entry = this.seen.get(d.label) ?? { bestScore: 0, frames: 0, movingFrames: 0 };
      entry.bestScore = Math.max(entry.bestScore, d.score);
      if (!labelsInFrame.has(d.label)) entry.frames += 1;
      labelsInFrame.add(d.label);
      if (!movingInFrame.has(d.label) && !this.tracker.objectOf(d)?.stationary) {
        entry.movingFrames += 1;
        movingInFrame.add(d.label);
      }
      this.seen.set(d.label, entry);
      this.considerBest(frame, d.score, this.triggers.has(d.label));
    }
  }

  /** A trigger label has been seen in `confirmFrames` frames: sampling more cannot change the verdict. */
  get confirmed(): boolean {
    return this.triggerFrames() >= this.options.confirmFrames;
  }

  /** The last frame's detections per label, moving and stationary apart (what the HA object sensors show). */
  inView(frame: FrameDetections): ObjectCount[] {
    const counts = new Map<string, { moving: number; stationary: number }>();
    for (const d of frame.detections) {
      const c = counts.get(d.label) ?? { moving: 0, stationary: 0 };
      if (this.tracker.objectOf(d)?.stationary) c.stationary += 1;
      else c.moving += 1;
      counts.set(d.label, c);
    }
    return [...counts].map(([label, c]) => ({ label, ...c })).sort((a, b) => a.label.localeCompare(b.label));
  }

  /** Objects standing still now: a later look at the same camera starts from them (stationarySeeds). */
  stationaryObjects(): StationaryObject[] {
    return this.tracker.stationaryObjects();
  }

  result(): TrackedClip {
    const labels = [...this.seen.entries()]
      .map(([label, s]) => ({ label, bestScore: s.bestScore, frames: s.frames }))
      .sort((a, b) => b.bestScore - a.bestScore);
    // A clip shorter than the confirmation window (a still, a 1 s clip) confirms on every frame it has.
    const needed = Math.max(1, Math.min(this.options.confirmFrames, this.frames));
    const objects = this.tracker
      .objects()
      .map(({ box: _box, path, ...summary }) => ({ ...summary, path: path.map(([t, x, y]): [number, number, number] => [t, x, y]) }));
    return {
      framesSampled: this.frames,
      labels,
      triggered: this.triggerFrames() >= needed,
      bestFrame: this.best?.frame ?? null,
      objectCounts: countObjects(objects, needed),
      objects,
    };
  }

  private triggerFrames(): number {
    let most = 0;
    const moving = this.options.ignoreStationaryTriggers === true;
    for (const label of this.triggers) {
      const entry = this.seen.get(label);
      most = Math.max(most, (moving ? entry?.movingFrames : entry?.frames) ?? 0);
    }
    return most;
  }

  /** Trigger detections beat any other; within a kind, the higher score wins. */
  private considerBest(frame: FrameDetections, score: number, trigger: boolean): void {
    const current = this.best;
    const better = !current || (trigger && !current.trigger) || (trigger === current.trigger && score > current.score);
    if (better) this.best = { frame, score, trigger };
  }
}
