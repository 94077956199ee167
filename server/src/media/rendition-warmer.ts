import { eventAlerted, type CameraEvent } from '../core/camera-event.js';
import type { Clip } from '../core/clip.js';
import type { SignalBus } from '../core/signal-bus.js';
import type { Part } from '../core/lifecycle.js';
import { inBackground } from '../runtime/background.js';
import type { Logger } from '../core/logger.js';
import { clipAtDetection, previewStart, type ClipRenditions } from './clip-renditions.js';

export interface RenditionWarmerOptions {
  readonly bus: SignalBus;
  readonly clips: { getClip(id: string): Promise<Clip | null> };
  readonly renditions: Pick<ClipRenditions, 'preview' | 'playable'>;
  readonly log: Logger;
}

/**
 * Makes what a user is about to open before they open it, behind anything someone waits for: when an
 * event with a detection ends, its preview; when an event alerted, a playable copy of its clips (the
 * notification's link and HA's media browser then open at once, whatever the camera's codec). Listens only.
 */
export class RenditionWarmer implements Part {
  readonly name = 'renditions';

  constructor(private readonly options: RenditionWarmerOptions) {}

  start(): void {
    this.options.bus.on(this, 'event.closed', (event) => inBackground(this.warm(event), this.options.log, 'making previews'));
  }

  stop(): void {
    this.options.bus.off(this);
  }

  private async warm(event: CameraEvent): Promise<void> {
    if (!event.triggered && !eventAlerted(event)) return;
    const clips = (await Promise.all(event.clipIds.map((id) => this.options.clips.getClip(id)))).filter(
      (c): c is Clip => c !== null && c.status !== 'deleted',
    );
    const first = clipAtDetection(event, clips);
    try {
      if (first) await this.options.renditions.preview(first, previewStart(event, first), 'later');
      if (eventAlerted(event)) for (const clip of clips) await this.options.renditions.playable(clip, 'later');
    } catch (e) {
      // A preview is a nicety: the dashboard makes it on demand when this one could not be made.
      this.options.log.warn({ event_type: 'media.warm_failed', event_id: event.id, err: e }, 'preview or playable copy not made ahead');
    }
  }
}
