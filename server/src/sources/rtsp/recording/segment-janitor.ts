import { mkdir, readdir, rm, stat, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import type { Logger } from '../../../core/logger.js';
import type { Segment } from '../segment.js';

/**
 * Keeps the rolling buffer's disk use bounded: deletes segments the planner let go, and sweeps files
 * nobody tracks any more (a recorder killed mid-segment, lists of old runs).
 */
export class SegmentJanitor {
  constructor(
    private readonly dir: string,
    private readonly log: Logger,
  ) {}

  /** Starts from an empty folder: segments of an earlier run cannot be placed in time any more. */
  async reset(): Promise<void> {
    await rm(this.dir, { recursive: true, force: true });
    await mkdir(this.dir, { recursive: true });
  }

  async discard(segments: readonly Segment[]): Promise<void> {
    for (const s of segments) await unlink(s.path).catch((e: unknown) => this.logUndeleted(s.path, e));
  }

  /** Deletes files not modified for maxAgeMs unless still needed. */
  async sweep(maxAgeMs: number, keep: (path: string) => boolean): Promise<void> {
    const cutoff = Date.now() - maxAgeMs;
    const names = await readdir(this.dir).catch((e: unknown) => {
      // Not there yet is normal (the recorder makes it); anything else is said with the folder.
      if ((e as NodeJS.ErrnoException).code !== 'ENOENT')
        this.log.warn({ event_type: 'rtsp.segment_sweep_failed', path: this.dir, err: e }, 'could not read the buffer folder');
      return [] as string[];
    });
    let removed = 0;
    for (const name of names) {
      const path = join(this.dir, name);
      if (keep(path)) continue;
      const mtime = await stat(path).then(
        (st) => st.mtimeMs,
        () => Number.POSITIVE_INFINITY,
      );
      if (
        mtime < cutoff &&
        (await unlink(path).then(
          () => true,
          (e: unknown) => this.logUndeleted(path, e),
        ))
      )
        removed++;
    }
    if (removed > 0) this.log.debug({ event_type: 'rtsp.segments_swept', removed }, 'removed stale segment files');
  }

  /** A segment that cannot be deleted keeps filling the disk: said with its cause (a vanished one is fine). */
  private logUndeleted(path: string, e: unknown): false {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT')
      this.log.warn({ event_type: 'rtsp.segment_delete_failed', path, err: e }, 'could not delete a buffer segment');
    return false;
  }

  async removeAll(): Promise<void> {
    await rm(this.dir, { recursive: true, force: true }).catch(() => undefined);
  }
}
