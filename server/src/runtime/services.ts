import type { HomesecConfig } from '../config/schema.js';
import type { Logger } from '../core/logger.js';
import type { FfmpegTools } from '../media/ffmpeg-tools.js';
import type { LocalDb } from '../store/local-db.js';
import type { SignalBus } from '../core/signal-bus.js';

/** What every folder's builder gets from the root: the config and the few things every part shares. */
export interface Services {
  readonly config: HomesecConfig;
  readonly log: Logger;
  readonly bus: SignalBus;
  /** ffmpeg and ffprobe (FFMPEG_PATH / FFPROBE_PATH, else from PATH). */
  readonly tools: FfmpegTools;
  /** The local SQLite file: queue, journal, outbox, settings (P0). */
  readonly localDb: LocalDb;
}
