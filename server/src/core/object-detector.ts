import type { Readable } from 'node:stream';
import type { Box, Detection, DetectionResult, LabelSummary, ObjectCount } from './detection.js';
import type { HealthCheck } from './bus-signals.js';
import type { MotionBox } from './live-camera.js';
import type { Failure } from './failure.js';
import type { Part } from './lifecycle.js';
import type { Result } from './result.js';

export interface DetectFailure extends Failure {
  /** `bad_input`: the clip cannot be decoded; `unavailable`: no usable model; `failed`: anything else. */
  readonly kind: 'bad_input' | 'unavailable' | 'failed';
}

export interface DetectClipOptions {
  /** Where to write the best frame as a JPEG with the boxes drawn (the clip's snapshot). */
  readonly snapshotPath: string;
  /** What intake already learnt about the video (its probe): spares a second ffprobe, about 0.3 s on a small box. */
  readonly video?: { readonly width: number; readonly height: number };
  /** Keep a JPEG of every sampled frame here too, from the same decode: the vision model's frames. */
  readonly pictures?: PictureRequest;
  /** What the camera's live detector last found standing still (a parked car): no news in this clip either. */
  readonly stationary?: KnownStationary;
  readonly signal?: AbortSignal;
}

/** Where and how the detector keeps pictures of the frames it samples (`<dir>/<index>.jpg`, t = index / sample fps). */
export interface PictureRequest {
  readonly dir: string;
  /** Longest side in pixels, never scaled up. */
  readonly maxPx: number;
  /** ffmpeg -q:v: 2 (best) to 31. */
  readonly quality: number;
  /**
   * The detector was done before the clip's end: the rest of the decode waits (costing nothing) until
   * `resume` (the pictures are wanted) or `cancel`.
   */
  paused(control: { resume(): void; cancel(): void }): void;
  /** Called once when the last picture is written (`complete`), or when the decode was stopped or failed. */
  finished(complete: boolean): void;
}

/** One frame the live detector looked at, with what it saw (boxes in the picture's pixels). */
export interface LiveFrame {
  readonly atMs: number;
  readonly detections: Detection[];
  readonly frameWidth: number;
  readonly frameHeight: number;
  /** The frame as a JPEG: the snapshot is drawn on it. */
  readonly jpeg: Buffer;
}

/** What the live detector has made of a feed so far, by the detector's own confirmation rule. */
export interface LiveFindings {
  /** Labels seen, best score first, with the frames each was seen in. */
  readonly labels: readonly LabelSummary[];
  readonly framesSampled: number;
  /** A trigger label was seen on moving objects in `confirmFrames` frames (live there are always more frames to come). */
  readonly confirmed: boolean;
  /** Distinct objects per label, moving and stationary ("2 persons, 1 car"). */
  readonly objectCounts: readonly ObjectCount[];
  /** This frame's detections per label, moving and stationary apart. */
  readonly inView: readonly ObjectCount[];
  /** Objects standing still now: the camera's next live look starts from them. */
  readonly stationary: readonly StationaryObject[];
}

/** An object standing still (a parked car), as a later look at the same camera should know it. */
export interface StationaryObject {
  readonly label: string;
  readonly box: Box;
}

/** A camera's stationary objects with the size of the frame their boxes are in (a clip's frames may be another size). */
export interface KnownStationary {
  readonly frameWidth: number;
  readonly frameHeight: number;
  readonly objects: readonly StationaryObject[];
}

/** One frame the live detector looked at, and the feed's findings up to it. */
export interface LiveObservation {
  readonly frame: LiveFrame;
  readonly findings: LiveFindings;
}

export interface LiveDetectOptions {
  readonly fps: number;
  readonly signal: AbortSignal;
  /** The labels that matter and how many frames confirm one. */
  readonly triggerLabels: readonly string[];
  readonly confirmFrames: number;
  /** Where the camera saw motion lately (frame shares), asked before each frame: the detector looks there first. */
  readonly regionsHint?: () => readonly MotionBox[];
  /** Objects an earlier live look found standing still: stationary from their first sighting, they confirm nothing. */
  readonly stationaryObjects?: readonly StationaryObject[];
}

/** Decides what is in a clip. Implemented on ONNX Runtime in detect/. */
export interface ObjectDetector extends Part {
  /** Loads (and on first use downloads) the model; a failure leaves the detector unavailable, not the app down. */
  start(signal: AbortSignal): Promise<void>;
  stop(): Promise<void>;
  detectClip(clipPath: string, options: DetectClipOptions): Promise<Result<DetectionResult, DetectFailure>>;
  /** Looks at a live MPEG-TS feed (a camera's relayed packets) until the signal aborts or the feed ends. */
  detectLive(feed: Readable, options: LiveDetectOptions): Promise<Result<AsyncIterable<LiveObservation>, DetectFailure>>;
  health(): HealthCheck;
}
