import type { Readable } from 'node:stream';

/** A reader of a live camera's stream as it arrives (MPEG-TS packets from the camera's one session). */
export interface LiveStreamFeed {
  readonly stream: Readable;
  close(): void;
}

/** A changed region of the picture, in shares (0-1) of the frame: where the live detector looks first. */
export interface MotionBox {
  readonly x: number;
  readonly y: number;
  readonly w: number;
  readonly h: number;
}

/** What has been recorded of the recording in progress, as one stream-copied file (pre-roll included). */
export interface FootageSoFar {
  readonly file: string;
  readonly startedAtMs: number;
  readonly endedAtMs: number;
}

export type FootageUse<T> =
  | { readonly kind: 'used'; readonly value: T }
  /** Nothing recorded yet (the recorder's first segment is not written). */
  | { readonly kind: 'none' }
  | { readonly kind: 'failed'; readonly reason: string };

/**
 * A camera that streams all the time (RTSP): what watching it live may ask of it. The source
 * implements it and records; events/live/ watches, detects and asks the vision model.
 */
export interface LiveCamera {
  readonly camera: string;
  /** The camera's stream as it arrives, for a live detector: no second session to the camera. */
  openStream(): LiveStreamFeed;
  /** Lends the footage recorded so far for `use`, then removes the file. */
  useFootageSoFar<T>(signal: AbortSignal, use: (footage: FootageSoFar) => Promise<T>): Promise<FootageUse<T>>;
  /** Where the picture changed in the latest motion frame (empty when nothing moves): the live detector looks there. */
  motionRegions(): readonly MotionBox[];
}

/**
 * What a live camera reports as it happens. Implemented in events/live/; the source calls it and
 * learns nothing back but the id of the event its recording belongs to.
 */
export interface LiveCameraReports {
  /**
   * The camera's source started. Events it was recording when HomeSec was killed end now, except those
   * whose recovered footage is on its way as clips (`recovering`): they end once those are handed over.
   */
  cameraStarted(camera: LiveCamera, recovering: readonly string[]): void;
  /** Motion began (or came back): returns the event the recording belongs to. */
  motionStarted(camera: string, atMs: number): string;
  /** Nothing moved for the off delay (or the camera stopped); `atMs` is the last moving frame. */
  motionStopped(camera: string, atMs: number): void;
  /** Motion is over and the event's last clip is handed over (or the recorder stopped). */
  recordingFinished(camera: string, eventId: string): void;
  /** The source stops: live work on this camera ends. */
  cameraStopped(camera: string): Promise<void>;
}
