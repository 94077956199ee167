import type { Clip } from '../core/clip.js';
import { toError } from '../core/result.js';
import type { Logger } from '../core/logger.js';
import type { StoredClipFiles } from '../media/media-inventory.js';
import type { MediaStore } from '../media/media-store.js';
import type { ClipRepository } from '../store/clip-repository.js';
import type { PendingOffsiteDeletions } from './pending-offsite-deletions.js';

export interface RetentionDeleterOptions {
  readonly media: Pick<MediaStore, 'deleteClip' | 'deleteStoredFiles' | 'deleteOffsiteCopy' | 'hasOffsite'>;
  /** Clip records, for the off-site path and the alerted flag; the repository falls back to local state while the store is down. */
  readonly clips: Pick<ClipRepository, 'getClip'> | null;
  /** `retention.delete_offsite`: remove the off-site copy with the local files. */
  readonly deleteOffsite: boolean;
  /** Off-site removals that failed, tried again at the next pass (null: not remembered). */
  readonly pending: PendingOffsiteDeletions | null;
  readonly log: Logger;
}

/** What became of a deleted clip's off-site copy. */
export type OffsiteOutcome = 'removed' | 'kept' | 'none' | 'pending';

/**
 * Deletes one clip for retention, every copy of it: the local files through the media store, and the
 * off-site copy (when configured). With the record it uses the record's paths; without one (the store
 * down and the clip no longer held locally) it works from the folder's own inventory, and the off-site
 * copy is found by the clip's media path. A copy that cannot be removed now is remembered and retried.
 */
export class RetentionDeleter {
  constructor(private readonly options: RetentionDeleterOptions) {}

  /** The clip's record, or null when neither the store nor the local state has it. */
  async record(clipId: string): Promise<Clip | null> {
    if (!this.options.clips) return null;
    try {
      return await this.options.clips.getClip(clipId);
    } catch (e) {
      this.options.log.debug({ event_type: 'retention.record_unavailable', clip_id: clipId, err: e }, 'clip record unavailable');
      return null;
    }
  }

  async delete(entry: StoredClipFiles, record: Clip | null): Promise<OffsiteOutcome> {
    const { media, deleteOffsite } = this.options;
    const offsitePath = !media.hasOffsite ? null : record ? (record.offsite ? record.mediaPath : null) : videoPath(entry);
    let outcome: OffsiteOutcome = offsitePath === null ? 'none' : deleteOffsite ? 'removed' : 'kept';
    if (offsitePath !== null && deleteOffsite) {
      const removed = await media.deleteOffsiteCopy(offsitePath);
      if (!removed.ok) outcome = this.remember(entry.clipId, offsitePath, removed.error.reason);
    }
    if (record) await media.deleteClip(record, { offsite: false });
    else await media.deleteStoredFiles(entry);
    return outcome;
  }

  /** Tries the remembered off-site removals again; returns how many are still waiting. */
  async retryPending(): Promise<number> {
    const pending = this.options.pending;
    if (!pending || !this.options.deleteOffsite) return 0;
    for (const due of pending.due()) {
      const removed = await this.options.media.deleteOffsiteCopy(due.mediaPath);
      if (removed.ok) pending.done(due.mediaPath);
      else pending.failed(due.mediaPath, due.clipId, removed.error.reason);
    }
    return pending.size();
  }

  private remember(clipId: string, mediaPath: string, reason: string): OffsiteOutcome {
    this.options.log.warn(
      { event_type: 'retention.offsite_delete_failed', clip_id: clipId, path: mediaPath, problem: reason },
      'off-site copy not removed now; retention tries again at its next pass',
    );
    try {
      this.options.pending?.failed(mediaPath, clipId, reason);
    } catch (e) {
      this.options.log.error({ event_type: 'retention.offsite_not_remembered', clip_id: clipId, err: toError(e) }, 'could not remember it');
    }
    return 'pending';
  }
}

/** The clip's video among its files (the one that is neither the thumbnail nor the snapshot). */
function videoPath(entry: StoredClipFiles): string | null {
  return entry.files.find((f) => !f.endsWith('.thumb.jpg') && !f.endsWith('.snapshot.jpg')) ?? null;
}
