import { existsSync } from 'node:fs';
import type { Clip, StageName, StageRecord } from '../core/clip.js';
import type { DetectionResult } from '../core/detection.js';
import type { MediaStore } from '../media/media-store.js';
import type { ClipRepository } from '../store/clip-repository.js';
import type { CleanupActions } from './cleanup.js';

export interface ApplyCleanupOptions {
  readonly repository: Pick<ClipRepository, 'adopt' | 'update' | 'recordDeletion'>;
  /** Deletes a clip's files, the off-site copy first. */
  readonly media: MediaStore;
  /** Puts a clip back on the pipeline's durable queue. */
  readonly requeue: (clipId: string) => void;
  readonly runId: string;
  readonly signal: AbortSignal;
}

// Stages that run again after a re-queue; upload and detect keep (or get) their record.
const RERUN_STAGES: readonly StageName[] = ['analyze'];

/** What `homesec cleanup --apply` does: delete confirmed-empty clips, re-queue clips with objects. */
export class ApplyCleanupActions implements CleanupActions {
  constructor(private readonly options: ApplyCleanupOptions) {}

  /** Off-site copy first (a failure there keeps everything), then the local files, then the record. */
  async deleteClip(clip: Clip): Promise<string | null> {
    let deleted;
    try {
      deleted = await this.options.media.deleteClip(clip, { offsite: true, signal: this.options.signal });
    } catch (e) {
      return (e as Error).message;
    }
    this.options.repository.recordDeletion(clip.id, clip.camera, 'cleanup', {
      run_id: this.options.runId,
      deleted_local: true,
      deleted_offsite: deleted.offsiteRemoved,
      offsite_path: clip.offsite?.path ?? null,
    });
    return null;
  }

  /** The new detection replaces the old one; analysis, decision and notification run again. */
  async requeueClip(clip: Clip, detection: DetectionResult, snapshotFile: string): Promise<string | null> {
    const { media, repository } = this.options;
    const snapshotPath = existsSync(snapshotFile) ? await media.putSnapshot(clip, snapshotFile) : clip.snapshotPath;
    const detect: StageRecord = {
      outcome: 'ok',
      reason: `re-checked by cleanup (${detection.model})`,
      ms: 0,
      at: new Date().toISOString(),
      attempts: 1,
    };
    repository.adopt(clip);
    repository.update(
      clip.id,
      (c) => ({
        ...c,
        status: 'queued',
        detection,
        snapshotPath,
        analysis: null,
        decision: null,
        error: null,
        stages: { ...withoutStages(c.stages, RERUN_STAGES), detect },
      }),
      {
        type: 'clip_requeued',
        data: {
          reason: 'cleanup',
          run_id: this.options.runId,
          model: detection.model,
          labels: detection.labels.map((l) => l.label),
          prior_labels: clip.detection?.labels.map((l) => l.label) ?? null,
        },
      },
    );
    this.options.requeue(clip.id);
    return null;
  }
}

function withoutStages(stages: Clip['stages'], names: readonly StageName[]): Clip['stages'] {
  return Object.fromEntries(Object.entries(stages).filter(([name]) => !names.includes(name as StageName)));
}
