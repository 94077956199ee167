import type { Logger } from '../../../core/logger.js';
import type { MotionViewListener } from '../../../core/motion-view.js';
import { buildMotionView } from './motion-view-builder.js';
import type { MotionDetector, MotionReading } from './motion-detector.js';

/**
 * A camera's watchers of its motion detector (the dashboard's motion overlay): each motion frame's view is
 * built once for all of them, at most at the motion fps (frames ffmpeg delivers in a burst after a stall are
 * one). The source holds one only while someone watches, so nobody watching costs nothing.
 */
export class MotionViewHub {
  private readonly listeners = new Set<MotionViewListener>();
  private scratch: Uint8Array | null = null;
  private lastAt = Number.NEGATIVE_INFINITY;

  constructor(
    private readonly camera: string,
    private readonly fps: number,
    /** A throwing watcher must never reach the ffmpeg pipe handlers: its error is logged here. */
    private readonly log: Pick<Logger, 'error'>,
  ) {}

  get size(): number {
    return this.listeners.size;
  }

  /** Adds a watcher; the returned function removes it, and calls `onEmpty` when it was the last. */
  add(listener: MotionViewListener, onEmpty: () => void): () => void {
    this.listeners.add(listener);
    return () => {
      if (this.listeners.delete(listener) && this.listeners.size === 0) onEmpty();
    };
  }

  /** Called right after the detector analysed a frame, while its changed pixels are this frame's. */
  frame(detector: MotionDetector, reading: MotionReading, recording: boolean, at: number): void {
    // Three quarters of a frame's interval: frames that arrive a little early are not dropped, bursts are.
    if (this.listeners.size === 0 || at - this.lastAt < 750 / this.fps) return;
    this.lastAt = at;
    const settings = detector.settings;
    this.scratch ??= new Uint8Array(settings.width * settings.height);
    const view = buildMotionView({
      camera: this.camera,
      at,
      fps: this.fps,
      settings,
      reading,
      changed: detector.changedPixels,
      recording,
      scratch: this.scratch,
    });
    for (const listener of [...this.listeners]) {
      try {
        listener(view);
      } catch (e) {
        this.log.error({ event_type: 'rtsp.motion_view_failed', camera: this.camera, err: e }, 'motion view watcher failed');
      }
    }
  }
}
