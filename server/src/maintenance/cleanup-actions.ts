import { existsSync } from 'node:fs';
import { copyFile, mkdir, rm } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { Clip, StageName, StageRecord } from '../core/clip.js';
import type { DetectionResult } from '../core/detection.js';
import type { OffsiteStorage } from '../core/offsite-storage.js';
import type { MediaLibrary } from '../media/media-library.js';
import type { ClipRepository } from '../store/clip-repository.js';
import type { CleanupActions } from './cleanup.js';

export interface ApplyCleanupOptions {
  readonly repository: Pick<ClipRepository, 'adopt' | 'update' | 'recordDeletion'>;
  readonly library: MediaLibrary;
  /** Null when no off-site backend is configured (copies, if any, then stay where they are). */
  readonly offsite: OffsiteStorage | null;
  /** Puts a clip back on the pipeline's durable queue. */
  readonly requeue: (clipId: string) => void;
  readonly runId: string;
  readonly signal: AbortSignal;
}

// Stages that run again after a re-queue; upload and detect keep (or get) their record.
const RERUN_STAGES: readonly StageName[] = ['analyze', 'decide', 'notify'];

/** What `homesec cleanup --apply` does: delete confirmed-empty clips, re-queue clips with objects. */
export class ApplyCleanupActions implements CleanupActions {
  constructor(private readonly options: ApplyCleanupOptions) {}

  /** Off-site copy first (a failure there keeps everything), then the local files, then the record. */
  async deleteClip(clip: Clip): Promise<string | null> {
    const { offsite, library, repository } = this.options;
    let deletedOffsite = false;
    if (clip.offsite && offsite) {
      // Copies are put at the clip's media path under the backend's root (offsite.path is the full remote path).
      const removed = await offsite.remove(clip.mediaPath, this.options.signal);
      if (!removed.ok) return `off-site copy not removed: ${removed.error.message}`;
      deletedOffsite = true;
    }
    try {
      for (const path of [clip.mediaPath, clip.thumbnailPath, clip.snapshotPath])
        if (path) await rm(library.resolve(path), { force: true });
    } catch (e) {
      return `local files not removed: ${(e as Error).message}`;
    }
    repository.recordDeletion(clip.id, clip.camera, 'cleanup', {
      run_id: this.options.runId,
      deleted_local: true,
      deleted_offsite: deletedOffsite,
      offsite_path: clip.offsite?.path ?? null,
    });
    return null;
  }

  /** The new detection replaces the old one; analysis, decision and notification run again. */
  async requeueClip(clip: Clip, detection: DetectionResult, snapshotFile: string): Promise<string | null> {
    const { library, repository } = this.options;
    let snapshotPath = clip.snapshotPath;
    if (existsSync(snapshotFile)) {
      snapshotPath = clip.snapshotPath ?? library.pathsFor(clip.camera, new Date(clip.startedAt), clip.id).snapshot;
      const target = library.resolve(snapshotPath);
      await mkdir(dirname(target), { recursive: true });
      await copyFile(snapshotFile, target);
    }
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
