import { eventAlerted, type CameraEvent } from '../core/camera-event.js';
import type { Logger } from '../core/logger.js';
import type { PlayableClips } from './event-alerts.js';

export interface EndVideoWaitOptions {
  readonly playable: PlayableClips;
  /** Longest an event's end waits for its clip's H.264 copy. */
  readonly waitMs: number;
  readonly log: Logger;
}

/**
 * Holds an alerted event's end until its clip plays on a phone: an H.265 camera's clip gets its H.264
 * copy made first (begun when the clip was stored, see alerted-clips.ts), so the `end` notification can
 * carry the video; never longer than `waitMs`. The event stays open meanwhile: a restart closes it
 * again from the start (CameraEventService.start), so the end is not lost with the process.
 */
export class EndVideoWait {
  private readonly waiting = new Set<string>();

  constructor(private readonly options: EndVideoWaitOptions) {}

  /** True when the event waits (and `close` is called once its video is ready or the wait is over); false: close it now. */
  holds(event: CameraEvent, close: () => void): boolean {
    if (this.waiting.has(event.id)) return true;
    const clipId = event.clipIds[event.clipIds.length - 1];
    if (!eventAlerted(event) || clipId === undefined || this.options.playable.playablePathNow(clipId) !== null) return false;
    this.waiting.add(event.id);
    const { log, waitMs } = this.options;
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<void>((resolve) => {
      timer = setTimeout(resolve, waitMs);
      timer.unref();
    });
    const made = this.options.playable.makePlayable(clipId).then(
      () => undefined,
      (e: unknown) =>
        log.warn({ event_type: 'event.end_video_failed', event_id: event.id, clip_id: clipId, err: e }, 'no phone video for the end'),
    );
    const finish = () => {
      clearTimeout(timer);
      this.waiting.delete(event.id);
      // A timer's or promise's throw would end the process (and recording): a failed write is logged instead.
      try {
        close();
      } catch (e) {
        log.error({ event_type: 'event.close_failed', event_id: event.id, err: e }, 'the event could not be closed');
      }
    };
    Promise.race([made, late]).then(finish, finish);
    return true;
  }
}
