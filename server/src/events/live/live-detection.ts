import type { DetectionMoment } from '../../core/camera-event.js';
import type { SignalBus } from '../../core/signal-bus.js';
import type { LiveCamera } from '../../core/live-camera.js';
import type { Logger } from '../../core/logger.js';
import type { LiveFindings, LiveFrame, ObjectDetector, StationaryObject } from '../../core/object-detector.js';
import type { MediaStore } from '../../media/media-store.js';
import { zonesEntered, type Zone } from '../../core/zone.js';
import type { LiveActivity } from './live-activity.js';

/** The moment a trigger label was confirmed, with what the live detector had found by then. */
export interface ConfirmedMoment {
  readonly atMs: number;
  readonly findings: LiveFindings;
}

export interface LiveDetectionOptions {
  readonly camera: LiveCamera;
  readonly detector: ObjectDetector;
  readonly live: LiveActivity;
  readonly media: Pick<MediaStore, 'writeLiveSnapshot'>;
  readonly bus: SignalBus;
  readonly fps: number;
  readonly triggerLabels: readonly string[];
  readonly confirmFrames: number;
  /** The camera's zones: each frame tells the event which of them a moving trigger object stands in. */
  readonly zones?: readonly Zone[];
  readonly log: Logger;
  /** Called once per run when a trigger label is confirmed (the early VLM call waits for this). */
  readonly onConfirmed: (eventId: string, moment: ConfirmedMoment) => void;
  /** The run ended by itself (the feed ended, or the detector could not start): `sawFrames` says whether it worked at all. */
  readonly onEnded: (sawFrames: boolean) => void;
}

/** A better trigger picture replaces the snapshot at most this often: drawing it costs an ffmpeg run. */
const SNAPSHOT_REFRESH_MS = 3000;

/**
 * The live detector of one camera while it sees motion: it reads the camera's stream (no second RTSP
 * session), asks the detector for `live_fps` frames and its confirmation of a trigger label, keeps the
 * event's snapshot (boxes drawn) and reports every frame. It stops with the motion.
 */
export class LiveDetection {
  private run: { readonly eventId: string; readonly abort: AbortController; readonly done: Promise<void> } | null = null;
  /** What stood still when the detector last looked (a parked car): the next run knows it is no news. */
  private stationary: readonly StationaryObject[] = [];

  constructor(private readonly options: LiveDetectionOptions) {}

  get running(): boolean {
    return this.run !== null;
  }

  start(eventId: string, eventStartedAt: Date): void {
    if (this.run) return;
    const abort = new AbortController();
    const seen = { frames: 0 };
    const done = this.scan(eventId, eventStartedAt, abort.signal, seen)
      .catch((e: unknown) =>
        this.options.log.warn({ event_type: 'live.detection_failed', event_id: eventId, err: e }, 'live detection stopped'),
      )
      .finally(() => {
        if (this.run?.abort !== abort) return;
        this.run = null;
        if (!abort.signal.aborted) this.options.onEnded(seen.frames > 0);
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

  private async scan(eventId: string, startedAt: Date, signal: AbortSignal, seen: { frames: number }): Promise<void> {
    const { detector, camera, log } = this.options;
    const feed = camera.openStream();
    try {
      const observed = await detector.detectLive(feed.stream, {
        fps: this.options.fps,
        signal,
        triggerLabels: this.options.triggerLabels,
        confirmFrames: this.options.confirmFrames,
        regionsHint: () => camera.motionRegions(),
        stationaryObjects: this.stationary,
      });
      if (!observed.ok) {
        log.warn({ event_type: 'live.detection_unavailable', camera: camera.camera, reason: observed.error.reason }, 'no live detection');
        return;
      }
      log.debug({ event_type: 'live.detection_started', camera: camera.camera, event_id: eventId }, 'live detection started');
      const snapshot = { path: null as string | null, score: -1, trigger: false, at: 0 };
      let confirmed = false;
      for await (const { frame, findings } of observed.value) {
        seen.frames++;
        this.stationary = findings.stationary;
        // Built only when someone reads it: at live_fps, every frame.
        if (log.isLevelEnabled('debug'))
          log.debug(
            {
              event_type: 'live.frame',
              camera: camera.camera,
              event_id: eventId,
              frame_at: new Date(frame.atMs).toISOString(),
              ms_after_frame: Date.now() - frame.atMs,
              found: frame.detections.map((d) => `${d.label}:${d.score.toFixed(2)}@${d.box.map((v) => Math.round(v)).join(',')}`),
              in_view: findings.inView.map((c) => `${c.label}:${c.moving}m/${c.stationary}s`),
              confirmed: findings.confirmed,
            },
            'live frame',
          );
        if (findings.confirmed && !confirmed) {
          confirmed = true;
          this.options.onConfirmed(eventId, { atMs: frame.atMs, findings });
        }
        snapshot.path = (await this.refreshSnapshot(eventId, startedAt, frame, snapshot, confirmed)) ?? snapshot.path;
        const moment = momentOf(frame);
        this.options.bus.emit('camera.objects', camera.camera, moment, findings.inView);
        this.options.live.objectsSeen(eventId, moment, {
          labels: findings.labels,
          objectCounts: findings.objectCounts,
          triggered: confirmed,
          snapshotPath: snapshot.path,
          stationary: { frameWidth: frame.frameWidth, frameHeight: frame.frameHeight, objects: findings.stationary },
          zones: zonesEntered(moment, this.options.zones ?? [], this.options.triggerLabels, findings.stationary),
        });
      }
    } finally {
      feed.close();
      this.options.bus.emit(
        'camera.objects',
        camera.camera,
        {
          at: new Date().toISOString(),
          detections: [],
          frameWidth: 1,
          frameHeight: 1,
        },
        [],
      );
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
      const path = await this.options.media.writeLiveSnapshot(this.options.camera.camera, eventId, startedAt, {
        jpeg: frame.jpeg,
        width: frame.frameWidth,
        height: frame.frameHeight,
        boxes,
      });
      Object.assign(current, { score: best, trigger: isTrigger, at: frame.atMs });
      return path;
    } catch (e) {
      this.options.log.warn({ event_type: 'live.snapshot_failed', event_id: eventId, err: e }, 'live snapshot not written');
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
