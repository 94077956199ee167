import type { Box, Detection } from '../core/detection.js';
import { iou } from './nms.js';

export interface ObjectTrackerOptions {
  /** Seconds an object must stay put (its box overlapping where it settled) to be stationary. */
  readonly stationaryAfterS: number;
  /** Seconds an object may go unseen before it is given up (a later sighting is a new object). */
  readonly maxUnseenS?: number;
  /** The same for a stationary object: a parked car hidden for a while (a shadow, a van in front) is still parked there. */
  readonly stationaryUnseenS?: number;
  /** Overlap with a box's previous position that matches it outright. */
  readonly matchIou?: number;
  /** Without overlap, a box whose centre moved at most this many box sizes still matches (a walker sampled at 2 fps). */
  readonly maxShift?: number;
  /** Overlap with where the object settled above which it has not moved (Frigate's stationary check: 0.6). */
  readonly stillIou?: number;
}

/** One object followed across frames. */
export interface TrackedObject {
  readonly id: number;
  readonly label: string;
  readonly box: Box;
  readonly firstT: number;
  readonly lastT: number;
  readonly frames: number;
  readonly bestScore: number;
  /** It has not moved for `stationaryAfterS` (a parked car): it neither starts nor extends an event. */
  readonly stationary: boolean;
  /** Box centres over time: [t, x, y]. */
  readonly path: readonly (readonly [number, number, number])[];
}

interface Track {
  id: number;
  label: string;
  box: Box;
  firstT: number;
  lastT: number;
  frames: number;
  bestScore: number;
  /** Where and since when it has stayed put. */
  anchor: Box;
  anchorT: number;
  /** Its latest boxes since it settled (at most RECENT_BOXES): one wavering outline does not move it. */
  recent: Box[];
  stationary: boolean;
  path: [number, number, number][];
}

/**
 * Turns detections across frames into objects with ids: per label, the closest pairs are matched
 * first (overlap, else a centre shift of at most `maxShift` box sizes); an unmatched detection is a
 * new object. An object whose box keeps overlapping where it settled for `stationaryAfterS` becomes
 * stationary; when it moves off that spot it is active again.
 */
export class ObjectTracker {
  private readonly tracks: Track[] = [];
  private nextId = 1;
  private latestT = Number.NEGATIVE_INFINITY;
  private readonly options: Required<ObjectTrackerOptions>;

  constructor(options: ObjectTrackerOptions) {
    this.options = { maxUnseenS: 5, stationaryUnseenS: 600, matchIou: 0.3, maxShift: 1, stillIou: 0.6, ...options };
  }

  /** The objects of one frame at `t` seconds. */
  update(t: number, detections: readonly Detection[]): void {
    this.latestT = t;
    const live = this.tracks.filter((k) => t - k.lastT <= this.unseenLimit(k));
    const pairs: { track: Track; det: Detection; cost: number }[] = [];
    for (const track of live) {
      for (const det of detections) {
        if (det.label !== track.label) continue;
        const cost = this.distance(track.box, det.box);
        if (cost !== null) pairs.push({ track, det, cost });
      }
    }
    pairs.sort((a, b) => a.cost - b.cost);
    const usedTracks = new Set<Track>();
    const usedDets = new Set<Detection>();
    for (const { track, det } of pairs) {
      if (usedTracks.has(track) || usedDets.has(det)) continue;
      usedTracks.add(track);
      usedDets.add(det);
      this.follow(track, det, t);
    }
    for (const det of detections) if (!usedDets.has(det)) this.tracks.push(this.start(det, t));
  }

  /**
   * An object known to stand still where it is (a parked car seen by an earlier live run): it is
   * stationary from its first sighting here, until it moves off that spot.
   */
  seedStationary(label: string, box: Box, t: number): void {
    const track = this.start({ label, score: 0, box }, t);
    track.frames = 0;
    track.bestScore = 0;
    track.path = [];
    track.stationary = true;
    track.anchorT = t - this.options.stationaryAfterS;
    this.tracks.push(track);
  }

  /** The object a detection of the latest `update` was matched to (or started). */
  objectOf(detection: Detection): TrackedObject | null {
    const track = this.tracks.find((k) => k.box === detection.box);
    return track ? this.summary(track) : null;
  }

  objects(): TrackedObject[] {
    return this.tracks.filter((k) => k.frames > 0).map((k) => this.summary(k));
  }

  private summary(k: Track): TrackedObject {
    return {
      id: k.id,
      label: k.label,
      box: k.box,
      firstT: k.firstT,
      lastT: k.lastT,
      frames: k.frames,
      bestScore: k.bestScore,
      stationary: k.stationary,
      path: k.path,
    };
  }

  /** Objects standing still now (seeded ones included): what a later run should know. */
  stationaryObjects(): { label: string; box: Box }[] {
    return (
      this.tracks
        .filter((k) => k.stationary && this.latestT - k.lastT <= this.unseenLimit(k))
        .sort((a, b) => b.lastT - a.lastT)
        .slice(0, MAX_STATIONARY_KEPT)
        // Where it settled, not its latest outline (half hidden by a shadow, say).
        .map((k) => ({ label: k.label, box: k.anchor }))
    );
  }

  private unseenLimit(k: Track): number {
    return k.stationary ? this.options.stationaryUnseenS : this.options.maxUnseenS;
  }

  /** 0 for a perfect overlap, up to 1 for a match by overlap, 1-2 for a match by a short centre shift; null for no match. */
  private distance(a: Box, b: Box): number | null {
    const overlap = iou(a, b);
    if (overlap >= this.options.matchIou) return 1 - overlap;
    const size = Math.max(a[2] - a[0], a[3] - a[1], 1);
    const shift = Math.hypot((a[0] + a[2] - b[0] - b[2]) / 2, (a[1] + a[3] - b[1] - b[3]) / 2) / size;
    return shift <= this.options.maxShift ? 1 + shift : null;
  }

  private follow(track: Track, det: Detection, t: number): void {
    track.box = det.box;
    track.lastT = t;
    track.frames += 1;
    track.bestScore = Math.max(track.bestScore, det.score);
    track.path.push(centre(t, det.box));
    track.recent.push(det.box);
    if (track.recent.length > RECENT_BOXES) track.recent.shift();
    const overlap = iou(det.box, track.anchor);
    if (overlap >= this.options.stillIou) {
      if (t - track.anchorT >= this.options.stationaryAfterS) track.stationary = true;
      return;
    }
    // A box partly off the spot is often the detector's outline wavering (a shadow sweeping over a parked
    // car, a passer-by hiding part of it): the object moved only if its median box of late is off the spot
    // too, or this box hardly overlaps it at all (Frigate checks the median of its box history the same way).
    const stayed = overlap >= MOVED_IOU && iou(medianBox(track.recent), track.anchor) >= this.options.stillIou;
    if (stayed) return;
    track.anchor = det.box;
    track.anchorT = t;
    track.recent = [det.box];
    track.stationary = false;
  }

  private start(det: Detection, t: number): Track {
    return {
      id: this.nextId++,
      label: det.label,
      box: det.box,
      firstT: t,
      lastT: t,
      frames: 1,
      bestScore: det.score,
      anchor: det.box,
      anchorT: t,
      recent: [det.box],
      stationary: false,
      path: [centre(t, det.box)],
    };
  }
}

/** Most stationary objects handed on to a later look (the most recently seen). */
const MAX_STATIONARY_KEPT = 50;
/** Boxes remembered per object to tell a wavering outline from a move. */
const RECENT_BOXES = 10;
/** Below this overlap with where it settled, an object has moved, whatever its recent boxes say. */
const MOVED_IOU = 0.2;

/** Each edge's median over the boxes (an outlier box does not shift it). */
function medianBox(boxes: readonly Box[]): Box {
  const median = (i: 0 | 1 | 2 | 3) => {
    const v = boxes.map((b) => b[i]).sort((a, b) => a - b);
    const mid = v.length >> 1;
    return v.length % 2 === 1 ? (v[mid] ?? 0) : ((v[mid - 1] ?? 0) + (v[mid] ?? 0)) / 2;
  };
  return [median(0), median(1), median(2), median(3)];
}

function centre(t: number, box: Box): [number, number, number] {
  const r = (v: number) => Math.round(v * 10) / 10;
  return [t, r((box[0] + box[2]) / 2), r((box[1] + box[3]) / 2)];
}
