import type { ClipAnalyzer } from '../core/clip-analyzer.js';
import type { ClipProgress } from '../core/clip-progress.js';
import type { StageName } from '../core/clip.js';
import type { ObjectDetector } from '../core/object-detector.js';
import type { OffsiteStorage } from '../core/offsite-storage.js';
import type { MediaStore } from '../media/media-store.js';
import type { SampledPictures } from './sampled-pictures.js';
import type { StageHandler } from './stage-outcome.js';

/** The parts each stage calls. A part that is switched off in the config is null and its stage is skipped with a reason. */
export interface StageHandlerOptions {
  readonly offsite: OffsiteStorage | null;
  readonly detector: ObjectDetector | null;
  readonly analyzer: ClipAnalyzer | null;
  /** The clip's event: whether the clip takes the event's verdict instead of a VLM call of its own. */
  readonly events: Pick<ClipProgress, 'verdictFor' | 'analysisSkippedFor' | 'stationaryFor'>;
  readonly media: MediaStore;
  /** Pictures from the detector's decode for the analyzer (null when no verdict is asked for, so none are made). */
  readonly pictures: SampledPictures | null;
}

/**
 * One handler per stage; the Record type makes the compiler insist on exactly one for each. The stages
 * store evidence; the clip's event decides and alerts on it as each is recorded (events/).
 */
export function createStageHandlers(parts: StageHandlerOptions): Record<StageName, StageHandler> {
  return {
    upload: async (clip, { mediaFile, signal }) => {
      if (!parts.offsite) return { kind: 'skipped', reason: 'offsite_disabled' };
      const result = await parts.offsite.put(mediaFile, clip.mediaPath, signal);
      if (!result.ok) return { kind: 'failed', reason: result.error.reason, retryable: result.error.retryable };
      return { kind: 'ok', patch: { offsite: { backend: parts.offsite.backend, path: result.value.path, at: new Date().toISOString() } } };
    },

    detect: async (clip, { mediaFile, signal }) => {
      if (!parts.detector) return { kind: 'skipped', reason: 'detector_disabled' };
      const snapshot = parts.media.pathsFor(clip.camera, new Date(clip.startedAt), clip.id).snapshot;
      // A stored MP4 was probed at intake; anything kept as it came (a picture, say) is probed by the detector.
      const video = clip.video && clip.mediaPath.endsWith('.mp4') ? { video: { width: clip.video.width, height: clip.video.height } } : {};
      // A clip that takes its event's verdict needs no frames (if that changes by its analyze stage, the analyzer decodes them).
      const wanted = parts.pictures && !parts.events.verdictFor(clip);
      const pictures = wanted && parts.pictures ? { pictures: await parts.pictures.request(clip.id) } : {};
      const known = parts.events.stationaryFor(clip);
      const result = await parts.detector.detectClip(mediaFile, {
        snapshotPath: parts.media.resolve(snapshot),
        signal,
        ...video,
        ...pictures,
        ...(known ? { stationary: known } : {}),
      });
      if (!result.ok) {
        const reason = result.error.kind === 'unavailable' ? `detector_unavailable: ${result.error.reason}` : result.error.reason;
        return { kind: 'failed', reason, retryable: result.error.retryable };
      }
      return { kind: 'ok', patch: { detection: result.value, snapshotPath: snapshot } };
    },

    analyze: async (clip, { mediaFile, signal }) => {
      try {
        if (!parts.analyzer) return { kind: 'skipped', reason: 'analyzer_disabled' };
        const taken = parts.events.verdictFor(clip);
        if (taken) return { kind: 'ok', patch: { analysis: taken }, detail: { verdict: 'event' } };
        const skippedBy = parts.events.analysisSkippedFor(clip);
        if (skippedBy) return { kind: 'skipped', reason: skippedBy };
        const pictures = (await parts.pictures?.take(clip.id, signal)) ?? [];
        const outcome = await parts.analyzer.analyze({ kind: 'clip', clip }, mediaFile, signal, pictures);
        switch (outcome.kind) {
          case 'analyzed':
            return {
              kind: 'ok',
              patch: { analysis: outcome.analysis },
              detail: { frames_from: pictures.length > 0 ? 'detector' : 'clip' },
            };
          case 'skipped':
            return { kind: 'skipped', reason: outcome.reason };
          case 'failed':
            return { kind: 'failed', reason: outcome.reason, retryable: outcome.retryable };
        }
      } finally {
        await parts.pictures?.release(clip.id);
      }
    },
  };
}
