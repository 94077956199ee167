import type { Part } from '../core/lifecycle.js';
import type { Services } from '../runtime/services.js';
import type { MediaStore } from '../media/media-store.js';
import type { Pipeline } from '../pipeline/pipeline.js';
import type { ClipRepository } from '../store/clip-repository.js';
import { LocalStatePruner } from './local-state-pruner.js';
import { Retention } from './retention.js';

/** Retention of the media folder (never a clip still in the pipeline) and pruning of the local database. */
export function buildMaintenance(
  services: Services,
  parts: { readonly media: MediaStore; readonly pipeline: Pick<Pipeline, 'isInFlight'>; readonly repository: ClipRepository },
): Part[] {
  const { config, bus, localDb, log } = services;
  const { media, pipeline, repository } = parts;
  const retention = new Retention({
    config: config.retention,
    media,
    isInFlight: (clipId) => pipeline.isInFlight(clipId),
    onDeleted: (clip, reason) => repository.recordDeletion(clip.clipId, clip.camera, reason),
    clips: repository,
    // Closed events leave the store with their footage.
    events: repository,
    bus,
    localDb,
    log: log.child({ component: 'retention' }),
  });
  // Settled clip states, notification rows and single spend entries leave the local database on a schedule.
  const pruner = new LocalStatePruner({ repository, localDb, log: log.child({ component: 'maintenance' }) });
  return [retention, pruner];
}
