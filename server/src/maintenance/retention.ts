import type { RetentionConfig } from '../config/sections/retention-config.js';
import type { Part } from '../core/lifecycle.js';
import type { Logger } from '../logging/logger.js';
import type { StoredClipFiles } from '../media/media-inventory.js';
import type { MediaStore } from '../media/media-store.js';
import { inBackground } from '../core/background.js';

export interface RetentionOptions {
  readonly config: RetentionConfig;
  readonly media: MediaStore;
  /** True for clips still in the pipeline: never deleted. */
  readonly isInFlight: (clipId: string) => boolean;
  readonly onDeleted: (clip: StoredClipFiles, reason: 'max_days' | 'max_gb') => void;
  readonly log: Logger;
  readonly intervalMs?: number;
}

export interface RetentionPass {
  readonly deleted: number;
  readonly freedBytes: number;
  readonly remainingBytes: number;
}

const GB = 1_000_000_000;

/**
 * Deletes the oldest clips past `max_days` or past `max_gb` in total, from the media folder itself,
 * so it keeps the disk from filling while the database is down. Runs on a timer and at start.
 */
export class Retention implements Part {
  readonly name = 'retention';
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<RetentionPass> | null = null;

  constructor(private readonly options: RetentionOptions) {}

  start(): void {
    inBackground(this.run(), this.options.log, 'retention pass');
    this.timer ??= setInterval(() => inBackground(this.run(), this.options.log, 'retention pass'), this.options.intervalMs ?? 10 * 60_000);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.running;
  }

  /** One pass; concurrent callers share it. */
  run(now = Date.now()): Promise<RetentionPass> {
    this.running ??= this.pass(now)
      .catch((e: unknown) => {
        this.options.log.error({ event_type: 'retention.failed', err: e }, 'retention pass failed');
        return { deleted: 0, freedBytes: 0, remainingBytes: 0 };
      })
      .finally(() => {
        this.running = null;
      });
    return this.running;
  }

  private async pass(now: number): Promise<RetentionPass> {
    const { config, isInFlight } = this.options;
    const clips = (await this.options.media.inventory()).sort((a, b) => a.mtimeMs - b.mtimeMs);
    this.options.media.usage.replace(clips);
    let total = clips.reduce((sum, c) => sum + c.bytes, 0);
    let deleted = 0;
    let freed = 0;
    const cutoff = now - config.maxDays * 86_400_000;
    const cap = config.maxGb * GB;
    for (const clip of clips) {
      if (isInFlight(clip.clipId)) continue;
      const reason = config.maxDays > 0 && clip.mtimeMs < cutoff ? 'max_days' : config.maxGb > 0 && total > cap ? 'max_gb' : null;
      if (!reason) continue;
      await this.options.media.deleteStoredFiles(clip);
      this.options.onDeleted(clip, reason);
      total -= clip.bytes;
      freed += clip.bytes;
      deleted++;
    }
    if (deleted)
      this.options.log.info(
        { event_type: 'retention.pass', deleted, freed_bytes: freed, remaining_bytes: total },
        `retention deleted ${deleted} clip(s)`,
      );
    return { deleted, freedBytes: freed, remainingBytes: total };
  }
}
