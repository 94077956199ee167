import type { ClipAnalyzer } from '../../core/clip-analyzer.js';
import type { EventBus } from '../../core/event-bus.js';
import type { LiveActivity } from '../../core/live-activity.js';
import type { ObjectDetector } from '../../core/object-detector.js';
import { inBackground } from '../../runtime/background.js';
import type { Logger } from '../../core/logger.js';
import type { FfmpegTools } from '../../media/ffmpeg-tools.js';
import type { MediaStore } from '../../media/media-store.js';
import type { ClipPlan, ClipPlanner } from './clip-planner.js';
import { EarlyAnalysis } from './early-analysis.js';
import { LiveDetection } from './live-detection.js';
import { LiveMotion } from './live-motion.js';
import type { TsRelay } from './ts-relay.js';

export interface LiveEventsOptions {
  readonly camera: string;
  readonly activity: LiveActivity;
  readonly detector: ObjectDetector | null;
  readonly analyzer: ClipAnalyzer | null;
  readonly media: Pick<MediaStore, 'writeLiveSnapshot'>;
  readonly liveFps: number;
  readonly triggerLabels: readonly string[];
  readonly confirmFrames: number;
  readonly earlyAfterS: number;
  readonly relay: TsRelay;
  readonly planner: ClipPlanner;
  readonly bus: EventBus;
  readonly tools: FfmpegTools;
  readonly workDir: string;
  readonly offDelayMs: number;
  readonly log: Logger;
}

/**
 * What happens in front of one live camera, as it happens: motion opens the camera's event and turns
 * the motion sensor on at once, the live detector runs while there is motion (none on a still scene),
 * a confirmed trigger schedules the early VLM call, and the event's recording ends once motion has
 * stopped and its last clip is handed over.
 */
export class LiveEvents {
  private readonly motion: LiveMotion;
  private readonly detection: LiveDetection | null;
  private readonly early: EarlyAnalysis | null;
  private current: { readonly id: string; readonly startedAt: Date } | null = null;
  /** Clips planned for an event and not yet handed over. */
  private readonly pending = new Map<string, number>();

  constructor(private readonly options: LiveEventsOptions) {
    this.motion = new LiveMotion(options.offDelayMs);
    const { analyzer, detector } = options;
    this.early = analyzer
      ? new EarlyAnalysis({
          camera: options.camera,
          analyzer,
          live: options.activity,
          tools: options.tools,
          workDir: options.workDir,
          delayMs: options.earlyAfterS * 1000,
          segmentsSoFar: () => options.planner.openSegments(),
          log: options.log,
        })
      : null;
    this.detection = detector
      ? new LiveDetection({
          camera: options.camera,
          detector,
          relay: options.relay,
          live: options.activity,
          media: options.media,
          bus: options.bus,
          fps: options.liveFps,
          triggerLabels: options.triggerLabels,
          confirmFrames: options.confirmFrames,
          log: options.log,
          onConfirmed: (eventId, best) => {
            const labels = [...new Set(best.detections.map((d) => d.label))];
            this.early?.schedule(eventId, best, labels);
          },
        })
      : null;
  }

  /** A moving frame at `at`: returns the live event it belongs to. */
  motionSeen(at: number): string {
    if (this.motion.onMotion(at) || !this.current) {
      const id = this.options.activity.motionStarted(this.options.camera, at);
      if (this.current?.id !== id) this.current = { id, startedAt: new Date(at) };
      this.options.bus.emit('camera.motion', this.options.camera, true, at);
      this.detection?.start(id, this.current.startedAt);
    }
    return this.current.id;
  }

  tick(now: number): void {
    const stoppedAt = this.motion.tick(now);
    if (stoppedAt !== null) this.motionStopped(stoppedAt);
    else if (this.motion.active && this.current && this.detection && !this.detection.running) {
      // The relayed stream restarted under the detector: look again while the motion lasts.
      this.detection.start(this.current.id, this.current.startedAt);
    }
  }

  /** HomeSec stops: motion (and the live detector) end now. */
  async motionEnded(now: number): Promise<void> {
    const stoppedAt = this.motion.end();
    if (stoppedAt !== null) this.motionStopped(Math.min(stoppedAt, now));
    await this.detection?.stop();
  }

  clipPlanned(plan: ClipPlan): void {
    if (plan.eventId) this.pending.set(plan.eventId, (this.pending.get(plan.eventId) ?? 0) + 1);
  }

  clipHandedOver(plan: ClipPlan): void {
    const id = plan.eventId;
    if (!id) return;
    this.pending.set(id, Math.max(0, (this.pending.get(id) ?? 1) - 1));
    this.maybeFinish(id);
  }

  async stop(): Promise<void> {
    await this.detection?.stop();
    await this.early?.stop();
    // Whatever was still being recorded is over: the event ends with the clips it has.
    if (this.current) this.finish(this.current.id);
  }

  private motionStopped(at: number): void {
    const current = this.current;
    this.options.bus.emit('camera.motion', this.options.camera, false, at);
    if (this.detection) inBackground(this.detection.stop(), this.options.log, 'stopping the live detector');
    if (!current) return;
    this.options.activity.activityEnded(current.id, at);
    this.maybeFinish(current.id);
  }

  /** Recording of an event is over when motion stopped, no clip of it is open and none waits for intake. */
  private maybeFinish(id: string): void {
    if ((this.pending.get(id) ?? 0) > 0) return;
    if (this.options.planner.openEventId === id) return;
    if (this.motion.active && this.current?.id === id) return;
    this.finish(id);
  }

  private finish(id: string): void {
    this.pending.delete(id);
    if (this.current?.id === id) this.current = null;
    this.options.activity.recordingFinished(id);
  }
}
