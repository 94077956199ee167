import { EventEmitter } from 'node:events';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { RtspCameraConfig } from '../../config/sections/camera-config.js';
import type { ClipAnalyzer } from '../../core/clip-analyzer.js';
import type { ClipIntake } from '../../core/clip-intake.js';
import type { ClipSource } from '../../core/clip-source.js';
import type { EventBus } from '../../core/event-bus.js';
import type { CameraStatus } from '../../core/events.js';
import type { LiveActivity } from '../../core/live-activity.js';
import type { ObjectDetector } from '../../core/object-detector.js';
import type { Logger } from '../../core/logger.js';
import type { FfmpegTools } from '../../media/ffmpeg-tools.js';
import type { MediaStore } from '../../media/media-store.js';
import { inBackground } from '../../runtime/background.js';
import { CameraStatusTracker } from './camera-status-tracker.js';
import { CameraStreams } from './camera-streams.js';
import { ClipHandover, type HandoverOutcome } from './clip-handover.js';
import { ClipPlanner, type ClipPlan, type Segment } from './clip-planner.js';
import { recoverFootage } from './footage-recovery.js';
import { LiveEvents } from './live-events.js';
import { MotionDetector } from './motion-detector.js';
import { RecordingJournal } from './recording-journal.js';
import { RTSP_PICTURE_FILE, rtspSettingsFrom, type RtspSettings } from './rtsp-settings.js';
import { SegmentJanitor } from './segment-janitor.js';
import { TsRelay } from './ts-relay.js';

export interface RtspSourceOptions {
  readonly camera: RtspCameraConfig;
  /** This camera's work folder, e.g. `<data_dir>/rtsp/<camera>`: segments and clips being assembled. */
  readonly workDir: string;
  readonly intake: ClipIntake;
  readonly bus: EventBus;
  readonly tools: FfmpegTools;
  readonly log: Logger;
  /** Live events: motion, live detection and the early VLM call (absent in tests of recording alone). */
  readonly live?: {
    readonly activity: LiveActivity;
    readonly detector: ObjectDetector | null;
    readonly analyzer: ClipAnalyzer | null;
    readonly media: Pick<MediaStore, 'writeLiveSnapshot'>;
    readonly liveFps: number;
    readonly triggerLabels: readonly string[];
    readonly confirmFrames: number;
    readonly earlyAfterS: number;
  };
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
  readonly journal: RecordingJournal;
  readonly streams: CameraStreams;
  readonly live: LiveEvents | null;
  readonly timers: NodeJS.Timeout[];
  readonly internal: AbortController;
}

/**
 * An RTSP camera: one RTSP session (two with a `detect_url`) feeds a rolling buffer of stream-copied
 * segments, motion detection on small grey frames and a relay for the live detector. Motion opens a
 * live event at once; clips are cut from the buffer from pre-roll to post-roll and handed to intake.
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

  /** RTSP sessions this camera holds right now. */
  sessions(): number {
    return this.running?.streams.sessions ?? 0;
  }

  /** The dashboard picture the camera's session rewrites every few seconds. */
  get picturePath(): string {
    return join(this.options.workDir, RTSP_PICTURE_FILE);
  }

  /** Returns once the streams are launched; an offline camera is retried in the background. */
  async start(signal: AbortSignal): Promise<void> {
    if (this.running || this.stopping) return;
    const log = this.options.log.child({ camera: this.camera, source: 'rtsp' });
    const settings = rtspSettingsFrom(this.options.camera);
    const segmentDir = join(this.options.workDir, 'segments');
    const clipDir = join(this.options.workDir, 'clips');
    const janitor = new SegmentJanitor(segmentDir, log);
    const journal = new RecordingJournal(join(this.options.workDir, 'recording.json'), log);
    const status = new CameraStatusTracker(this.camera, this.options.bus, (s) => this.notify('status', s));
    let recovered: ClipPlan[];
    try {
      // Footage a killed run was recording leaves the buffer before the buffer starts afresh.
      recovered = await recoverFootage({
        journal,
        segmentDir,
        recoveredDir: join(this.options.workDir, 'recovered'),
        segmentMs: settings.segmentS * 1000,
        log,
      });
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
    const planner = new ClipPlanner(settings.planner);
    const relay = new TsRelay();
    const live = this.liveEvents(settings, planner, relay, log);
    const handover = new ClipHandover({
      camera: this.camera,
      clipDir,
      intake: this.options.intake,
      tools: this.options.tools,
      log,
      onAssembled: () => this.recordJournal(),
      onOutcome: (o) => {
        if (o.plan) live?.clipHandedOver(o.plan);
        this.notify('clipHandedOver', o);
      },
    });
    const motion = new MotionDetector(settings.motion);
    const streams = new CameraStreams(
      settings,
      this.options.tools,
      { segmentDir, picture: this.picturePath },
      {
        onSegment: (segment) => this.onSegment(segment),
        onMotionFrame: (frame, at) => {
          status.frame(at);
          const reading = motion.analyse(frame, planner.recording);
          if (reading.motion) this.onMotion(reading.changedPct, at);
        },
        onRelay: (chunk) => relay.push(chunk),
        onAnalysisRestart: () => {
          motion.reset();
          relay.reset();
        },
        onUp: (role) => status.up(role),
        onDown: (role, problem) => status.down(role, problem),
      },
      log,
    );
    const timers = [
      setInterval(() => this.tick(), TICK_MS),
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
    this.running = { settings, planner, status, handover, janitor, journal, streams, live, timers, internal };
    handover.enqueueLeftovers();
    this.options.live?.activity.liveCameraStarted(
      this.camera,
      recovered.flatMap((p) => (p.eventId ? [p.eventId] : [])),
    );
    for (const plan of recovered) handover.enqueue(plan, true);
    this.recordJournal();
    signal.addEventListener('abort', () => inBackground(this.stop(), log, 'stopping the RTSP source'), { once: true });
    streams.start(internal.signal);
    log.info(
      { event_type: 'rtsp.source_started', has_detect_url: settings.detectUrl !== null, pre_roll_s: settings.planner.preRollMs / 1000 },
      'RTSP camera started',
    );
  }

  /** Stops the streams, hands over the clip in progress (post-roll cut short), ends the live event. Idempotent. */
  stop(): Promise<void> {
    this.stopping ??= this.shutdown();
    return this.stopping;
  }

  private async shutdown(): Promise<void> {
    const running = this.running;
    if (!running) return;
    for (const timer of running.timers) clearInterval(timer);
    running.internal.abort();
    // The recorder closes its open segment on SIGTERM; it is delivered before this resolves.
    await running.streams.stop();
    await running.live?.motionEnded(Date.now());
    const last = running.planner.flush(Date.now());
    if (last) this.handle([last]);
    await running.handover.drain();
    await running.live?.stop();
    await running.journal.clear();
    await running.janitor.removeAll();
    running.status.markStopped();
    this.options.log.info({ event_type: 'rtsp.source_stopped', camera: this.camera }, 'RTSP camera stopped');
  }

  private liveEvents(settings: RtspSettings, planner: ClipPlanner, relay: TsRelay, log: Logger): LiveEvents | null {
    const live = this.options.live;
    if (!live) return null;
    return new LiveEvents({
      camera: this.camera,
      ...live,
      relay,
      planner,
      bus: this.options.bus,
      tools: this.options.tools,
      workDir: this.options.workDir,
      offDelayMs: settings.motionOffDelayMs,
      log,
    });
  }

  private onMotion(changedPct: number, at: number): void {
    const running = this.running;
    if (!running) return;
    this.notify('motion', { at, changedPct });
    const eventId = running.live?.motionSeen(at) ?? null;
    if (running.planner.onMotion(at, eventId)) {
      this.options.log.info({ event_type: 'rtsp.recording_started', changed_pct: round(changedPct) }, 'motion: clip started');
      this.recordJournal();
      this.notify('clipStarted', { motionAt: at });
    }
  }

  /** Writes down which buffered segments belong to clips, so a crash cannot lose them. */
  private recordJournal(): void {
    const running = this.running;
    if (!running) return;
    const waiting = running.handover.unassembled().map((p) => ({ eventId: p.eventId, segments: [...p.segments], open: false }));
    const open = running.planner.recording
      ? [{ eventId: running.planner.openEventId, segments: running.planner.openSegments(), open: true }]
      : [];
    running.journal.record([...waiting, ...open]);
  }

  private tick(): void {
    const running = this.running;
    if (!running) return;
    const now = Date.now();
    this.handle(running.planner.tick(now));
    running.live?.tick(now);
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
    if (running.planner.recording) this.recordJournal();
  }

  private handle(plans: readonly ClipPlan[]): void {
    const running = this.running;
    if (!running) return;
    for (const plan of plans) {
      running.live?.clipPlanned(plan);
      running.handover.enqueue(plan);
      this.options.log.info(
        {
          event_type: 'rtsp.recording_stopped',
          camera: this.camera,
          event_id: plan.eventId,
          reason: plan.reason,
          segments: plan.segments.length,
          duration_s: round((plan.endedAt - plan.startedAt) / 1000),
        },
        'clip ended',
      );
    }
    if (plans.length > 0) this.recordJournal();
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
