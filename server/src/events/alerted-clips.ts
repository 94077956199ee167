import type { ClipRepository } from '../store/clip-repository.js';
import type { AlertedClips } from './event-alerts.js';

/**
 * How an event that alerted marks its clips, through their only writer. The flag is all a clip keeps
 * of the decision: retention deletes alerted clips last and lists filter on it.
 */
export function alertedClips(clips: Pick<ClipRepository, 'getLocal' | 'update'>, onAlerted?: (clipId: string) => void): AlertedClips {
  return {
    markAlerted(clipId) {
      const clip = clips.getLocal(clipId);
      if (!clip || clip.alerted) return;
      clips.update(clipId, (c) => ({ ...c, alerted: true }));
      onAlerted?.(clipId);
    },
  };
}
