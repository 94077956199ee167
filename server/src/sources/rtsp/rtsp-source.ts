import { EventEmitter } from 'node:events';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { RtspCameraConfig } from '../../config/sections/camera-config.js';
import type { ClipIntake } from '../../core/clip-intake.js';
import type { ClipSource } from '../../core/clip-source.js';
import type { EventBus } from '../../core/event-bus.js';
import type { CameraStatus } from '../../core/events.js';
import type { Logger } from '../../logging/logger.js';
import type { FfmpegTools } from '../../media/ffmpeg-tools.js';
import { CameraStatusTracker } from './camera-status-tracker.js';
import { ClipHandover, type HandoverOutcome } from './clip-handover.js';
import { ClipPlanner, type ClipPlan, type Segment } from './clip-planner.js';
import type { MotionReading } from './motion-detector.js';
import { MotionRole } from './motion-role.js';
import { RecorderRole } from './recorder-role.js';
import { rtspSettingsFrom, type RtspSettings } from './rtsp-settings.js';
import { SegmentJanitor } from './segment-janitor.js';
import { inBackground } from '../../core/background.js';

export interface RtspSourceOptions {
  readonly camera: RtspCameraConfig;
  /** This camera's work folder, e.g. `<data_dir>/rtsp/<camera>`: segments and clips being assembled. */
  readonly workDir: string;
  readonly intake: ClipIntake;
  readonly bus: EventBus;
  readonly tools: FfmpegTools;
  readonly log: Logger;
}

/** Internal events, for tests and diagnostics; the rest of HomeSec listens to the bus. */
export type RtspSourceEvents = {
  motion: [event: { readonly at: number; readonly changedPct: number }];
  clipStarted: [event: { readonly motionAt: number }];
  segment: [segment: Segment];
  clipHandedOver: [outcome: HandoverOutcome];
  status: [status: CameraStatus];
};

const TICK_MS = 500;
const HEARTBEAT_MS = 15_000;
const SWEEP_MS = 60_000;

interface Running {
  readonly settings: RtspSettings;
  readonly planner: ClipPlanner;
  readonly status: CameraStatusTracker;
  readonly handover: ClipHandover;
  readonly janitor: SegmentJanitor;
  readonly motion: MotionRole;
  readonly recorder: RecorderRole;
  readonly timers: NodeJS.Timeout[];
  readonly internal: AbortController;
}

/**
 * An RTSP camera as a clip source: motion on the detect stream, a rolling buffer of stream-copied
 * segments from the main stream, and clips cut from that buffer from pre-roll to post-roll.
 */
export class RtspSource extends EventEmitter<RtspSourceEvents> implements ClipSource {
  readonly camera: string;
  readonly name: string;
  private running: Running | null = null;
  private stopping: Promise<void> | null = null;

  constructor(private readonly options: RtspSourceOptions) {
    super();
    this.camera = options.camera.name;
    this.name = `source ${options.camera.name}`;
  }

  /** Current online state and last frame time, for health. */
  status(): CameraStatus {
    return this.running?.status.current() ?? { camera: this.camera, online: false, lastFrameAt: null, detail: 'not started' };
  }

  /** Returns once both stream roles are launched; an offline camera is retried in the background. */
  async start(signal: AbortSignal): Promise<void> {
    if (this.running || this.stopping) return;
    const log = this.options.log.child({ camera: this.camera, source: 'rtsp' });
    const settings = rtspSettingsFrom(this.options.camera);
    const segmentDir = join(this.options.workDir, 'segments');
    const clipDir = join(this.options.workDir, 'clips');
    const janitor = new SegmentJanitor(segmentDir, log);
    const status = new CameraStatusTracker(this.camera, this.options.bus, (s) => this.notify('status', s));
    try {
      await janitor.reset();
      await mkdir(clipDir, { recursive: true });
    } catch (e) {
      log.error(
        { event_type: 'rtsp.workdir_failed', err: e, work_dir: this.options.workDir },
        'cannot use the RTSP work folder; camera not recording',
      );
      status.down('recording', 'work folder not writable');
      return;
    }
    const handover = new ClipHandover(this.camera, clipDir, this.options.intake, this.options.tools, log, (o) =>
      this.notify('clipHandedOver', o),
    );
    const planner = new ClipPlanner(settings.planner);
    const motion = new MotionRole(settings, this.options.tools, this.motionEvents(planner, status, log), log);
    const recorder = new RecorderRole(
      settings,
      this.options.tools,
      segmentDir,
      {
        onSegment: (segment) => this.onSegment(segment),
        onUp: () => status.up('recording'),
        onDown: (problem) => status.down('recording', problem),
      },
      log,
    );
    const timers = [
      setInterval(() => this.handle(planner.tick(Date.now())), TICK_MS),
      setInterval(() => status.heartbeat(), HEARTBEAT_MS),
      setInterval(
        () =>
          inBackground(
            janitor.sweep(sweepAgeMs(settings), (p) => handover.isHeld(p)),
            log,
            'segment sweep',
          ),
        SWEEP_MS,
      ),
    ];
    const internal = new AbortController();
    this.running = { settings, planner, status, handover, janitor, motion, recorder, timers, internal };
    handover.enqueueLeftovers();
    signal.addEventListener('abort', () => inBackground(this.stop(), log, 'stopping the RTSP source'), { once: true });
    motion.start(internal.signal);
    recorder.start(internal.signal);
    log.info(
      { event_type: 'rtsp.source_started', has_detect_url: settings.detectUrl !== null, pre_roll_s: settings.planner.preRollMs / 1000 },
      'RTSP camera started',
    );
  }

  /** Stops both ffmpeg processes, hands over the clip in progress (post-roll cut short). Idempotent. */
  stop(): Promise<void> {
    this.stopping ??= this.shutdown();
    return this.stopping;
  }

  private async shutdown(): Promise<void> {
    const running = this.running;
    if (!running) return;
    for (const timer of running.timers) clearInterval(timer);
    running.internal.abort();
    await running.motion.stop();
    // The recorder closes its open segment on SIGTERM; it is delivered before this resolves.
    await running.recorder.stop();
    const last = running.planner.flush(Date.now());
    if (last) this.handle([last]);
    await running.handover.drain();
    await running.janitor.removeAll();
    running.status.markStopped();
    this.options.log.info({ event_type: 'rtsp.source_stopped', camera: this.camera }, 'RTSP camera stopped');
  }

  private motionEvents(planner: ClipPlanner, status: CameraStatusTracker, log: Logger) {
    return {
      isRecording: () => planner.recording,
      onFrame: (at: number) => status.frame(at),
      onMotion: (reading: MotionReading, at: number) => {
        this.notify('motion', { at, changedPct: reading.changedPct });
        if (planner.onMotion(at)) {
          log.info({ event_type: 'rtsp.recording_started', changed_pct: round(reading.changedPct) }, 'motion: clip started');
          this.notify('clipStarted', { motionAt: at });
        }
      },
      onUp: () => status.up('motion'),
      onDown: (problem: string) => status.down('motion', problem),
    };
  }

  /** A throwing listener must never reach the ffmpeg pipe handlers. */
  private notify<K extends keyof RtspSourceEvents>(name: K, ...args: RtspSourceEvents[K]): void {
    try {
      (this.emit as (n: K, ...a: RtspSourceEvents[K]) => boolean)(name, ...args);
    } catch (e) {
      this.options.log.error(
        { event_type: 'rtsp.listener_failed', camera: this.camera, event: name, err: e },
        'RTSP source listener failed',
      );
    }
  }

  private onSegment(segment: Segment): void {
    const running = this.running;
    if (!running) return;
    this.notify('segment', segment);
    this.handle(running.planner.onSegment(segment));
  }

  private handle(plans: readonly ClipPlan[]): void {
    const running = this.running;
    if (!running) return;
    for (const plan of plans) {
      running.handover.enqueue(plan);
      this.options.log.info(
        {
          event_type: 'rtsp.recording_stopped',
          camera: this.camera,
          reason: plan.reason,
          segments: plan.segments.length,
          duration_s: round((plan.endedAt - plan.startedAt) / 1000),
        },
        'clip ended',
      );
    }
    inBackground(running.janitor.discard(running.planner.takeDiscarded()), this.options.log, 'discarding segments');
  }
}

/** Older files cannot be in the buffer any more (it never spans more than a clip plus pre-roll). */
function sweepAgeMs(settings: RtspSettings): number {
  return settings.planner.maxClipMs + settings.planner.preRollMs + settings.planner.lateSegmentGraceMs + 60_000;
}

function round(n: number): number {
  return Math.round(n * 100) / 100;
}
