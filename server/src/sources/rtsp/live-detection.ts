import type { DetectionMoment } from '../../core/camera-event.js';
import type { FrameDetections } from '../../core/detection.js';
import type { EventBus } from '../../core/event-bus.js';
import type { LiveActivity } from '../../core/live-activity.js';
import type { LiveFrame, ObjectDetector } from '../../core/object-detector.js';
import { LabelTracker } from '../../detect/label-tracker.js';
import type { Logger } from '../../core/logger.js';
import type { MediaStore } from '../../media/media-store.js';
import type { TsRelay } from './ts-relay.js';

export interface LiveDetectionOptions {
  readonly camera: string;
  readonly detector: ObjectDetector;
  readonly relay: TsRelay;
  readonly live: LiveActivity;
  readonly media: Pick<MediaStore, 'writeLiveSnapshot'>;
  readonly bus: EventBus;
  readonly fps: number;
  readonly triggerLabels: readonly string[];
  readonly confirmFrames: number;
  readonly log: Logger;
  /** Called once when a trigger label is confirmed (the early VLM call waits for this). */
  readonly onConfirmed: (eventId: string, bestFrame: { readonly atMs: number; readonly detections: FrameDetections['detections'] }) => void;
}

/** A better trigger picture replaces the snapshot at most this often: drawing it costs an ffmpeg run. */
const SNAPSHOT_REFRESH_MS = 3000;

/**
 * The live detector of one camera while it sees motion: it decodes the relayed stream (no second RTSP
 * session), runs the detector on `live_fps` frames, confirms a trigger label over `confirm_frames`,
 * keeps the event's snapshot (boxes drawn) and reports every frame. It stops with the motion.
 */
export class LiveDetection {
  private run: { readonly eventId: string; readonly abort: AbortController; readonly done: Promise<void> } | null = null;

  constructor(private readonly options: LiveDetectionOptions) {}

  get running(): boolean {
    return this.run !== null;
  }

  start(eventId: string, eventStartedAt: Date): void {
    if (this.run) return;
    const abort = new AbortController();
    const done = this.scan(eventId, eventStartedAt, abort.signal)
      .catch((e: unknown) =>
        this.options.log.warn({ event_type: 'rtsp.live_detection_failed', event_id: eventId, err: e }, 'live detection stopped'),
      )
      .finally(() => {
        // The feed ended (the camera's session restarted): the owner starts a new run while motion lasts.
        if (this.run?.abort === abort) this.run = null;
      });
    this.run = { eventId, abort, done };
  }

  async stop(): Promise<void> {
    const run = this.run;
    this.run = null;
    if (!run) return;
    run.abort.abort();
    await run.done;
  }

  private async scan(eventId: string, startedAt: Date, signal: AbortSignal): Promise<void> {
    const { detector, relay, camera, log } = this.options;
    const feed = relay.open();
    try {
      const frames = await detector.detectLive(feed.stream, { fps: this.options.fps, signal });
      if (!frames.ok) {
        log.warn({ event_type: 'rtsp.live_detection_unavailable', camera, reason: frames.error.reason }, 'no live detection');
        return;
      }
      log.debug({ event_type: 'rtsp.live_detection_started', camera, event_id: eventId }, 'live detection started');
      const tracker = new LabelTracker({ triggerLabels: this.options.triggerLabels, confirmFrames: this.options.confirmFrames });
      const snapshot = { path: null as string | null, score: -1, trigger: false, at: 0 };
      let confirmed = false;
      for await (const frame of frames.value) {
        tracker.add({ t: (frame.atMs - startedAt.getTime()) / 1000, detections: frame.detections });
        const found = tracker.result();
        const moment = momentOf(frame);
        // `confirmed`, not `found.triggered`: a finished clip shorter than the window confirms on what it has,
        // but live there are always more frames to come, and one frame alone may be a fluke.
        const triggered = tracker.confirmed;
        if (triggered && !confirmed) {
          confirmed = true;
          this.options.onConfirmed(eventId, { atMs: frame.atMs, detections: frame.detections });
        }
        snapshot.path = (await this.refreshSnapshot(eventId, startedAt, frame, snapshot, confirmed)) ?? snapshot.path;
        this.options.bus.emit('camera.objects', camera, moment);
        this.options.live.objectsSeen(eventId, moment, { labels: found.labels, triggered, snapshotPath: snapshot.path });
      }
    } finally {
      feed.close();
      this.options.bus.emit('camera.objects', camera, { at: new Date().toISOString(), detections: [], frameWidth: 1, frameHeight: 1 });
    }
  }

  /** Draws a new snapshot for the first picture with anything in it, then for a better trigger picture. */
  private async refreshSnapshot(
    eventId: string,
    startedAt: Date,
    frame: LiveFrame,
    current: { path: string | null; score: number; trigger: boolean; at: number },
    confirmed: boolean,
  ): Promise<string | null> {
    const triggers = new Set(this.options.triggerLabels);
    const best = frame.detections.reduce((m, d) => Math.max(m, triggers.has(d.label) ? d.score : 0), 0);
    const isTrigger = best > 0;
    const first = current.path === null && frame.detections.length > 0;
    const better =
      confirmed && isTrigger && (!current.trigger || (best > current.score + 0.05 && frame.atMs - current.at > SNAPSHOT_REFRESH_MS));
    if (!first && !better) return null;
    const boxes = frame.detections.map((d) => ({ box: d.box, emphasis: triggers.has(d.label) }));
    try {
      const path = await this.options.media.writeLiveSnapshot(this.options.camera, eventId, startedAt, {
        jpeg: frame.jpeg,
        width: frame.frameWidth,
        height: frame.frameHeight,
        boxes,
      });
      Object.assign(current, { score: best, trigger: isTrigger, at: frame.atMs });
      return path;
    } catch (e) {
      this.options.log.warn({ event_type: 'rtsp.live_snapshot_failed', event_id: eventId, err: e }, 'live snapshot not written');
      return null;
    }
  }
}

function momentOf(frame: LiveFrame): DetectionMoment {
  return {
    at: new Date(frame.atMs).toISOString(),
    detections: frame.detections,
    frameWidth: frame.frameWidth,
    frameHeight: frame.frameHeight,
  };
}
