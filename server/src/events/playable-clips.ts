import type { ClipRenditions } from '../media/clip-renditions.js';
import type { ClipRepository } from '../store/clip-repository.js';
import type { PlayableClips } from './event-alerts.js';

/** An event's clip as a file phones play: from the clip's record (path, codec) and what the media folder holds now. */
export function playableClips(
  clips: Pick<ClipRepository, 'getLocal'>,
  renditions: Pick<ClipRenditions, 'playablePathNow' | 'playablePath'>,
): PlayableClips {
  return {
    playablePathNow(clipId) {
      const clip = clips.getLocal(clipId);
      return clip && clip.status !== 'deleted' ? renditions.playablePathNow(clip) : null;
    },
    async makePlayable(clipId) {
      const clip = clips.getLocal(clipId);
      // Behind what someone opens in the dashboard ('later'): a phone's video is not worth delaying that.
      return clip && clip.status !== 'deleted' ? renditions.playablePath(clip, 'later') : null;
    },
  };
}
