import type { Part } from './lifecycle.js';
import type { LiveStreamFeed } from './live-camera.js';
import type { MotionViewSource } from './motion-view.js';

/** A camera's way of producing clips (watched folder, FTP uploads, RTSP recorder). */
export interface ClipSource extends Part {
  /** The camera it serves (`ftp` for the one FTP server that serves every FTP camera). */
  readonly camera: string;
  /** A live camera's latest frame, rewritten every few seconds (absent: a source without a stream). */
  readonly picturePath?: string;
  /** A live camera's stream as it arrives, relayed from its one session (absent: a source without a stream). */
  openStream?(): LiveStreamFeed;
  /** A live camera's motion detector, frame by frame, for the motion overlay (absent: a source without a stream). */
  watchMotion?: MotionViewSource['watchMotion'];
  /** Starts watching or recording; must not throw for an offline camera (retry in the background instead). */
  start(signal: AbortSignal): Promise<void>;
  /** Stops and finalises any clip in progress; safe to call twice. */
  stop(): Promise<void>;
}
