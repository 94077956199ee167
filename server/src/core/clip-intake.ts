import type { Clip, SourceKind } from './clip.js';
import type { Result } from './result.js';

/** A finished clip file a source hands over. */
export interface IncomingClip {
  readonly camera: string;
  /** The finished file; intake moves (or remuxes) it into the media folder. */
  readonly path: string;
  readonly source: SourceKind;
  /** The name the camera or source gave the file, kept for the user. */
  readonly originalName: string;
  /** When recording began. A source that only knows when the file was finished passes startedAt = endedAt; intake then subtracts the probed duration. */
  readonly startedAt: Date;
  readonly endedAt: Date | null;
  /** The live event the clip was recorded for (RTSP); absent: the clip is an event of its own. */
  readonly eventId?: string;
  /** Recovered from the buffer after a crash mid-recording (RTSP): it ends where the recorder was killed. */
  readonly cutShort?: boolean;
  /** True when the source's file may be removed once stored (folder, FTP, RTSP); false copies it (CLI). */
  readonly consume: boolean;
}

/**
 * Where sources hand clips over. Resolves once the clip is in the media folder and durably queued
 * (P0), or with the reason it could not be stored; processing continues in the background. Never
 * rejects: every outcome, a refusing local database included, is a value.
 */
export interface ClipIntake {
  accept(clip: IncomingClip): Promise<Result<Clip, Error>>;
}
