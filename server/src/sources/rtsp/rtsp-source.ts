import { EventEmitter } from 'node:events';
import { randomUUID } from 'node:crypto';
import { mkdir, readdir, rm } from 'node:fs/promises';
import { PassThrough } from 'node:stream';
import { join } from 'node:path';
import type { LiveCameraConfig } from '../../config/sections/camera-config.js';
import type { ClipIntake } from '../../core/clip-intake.js';
import type { ClipSource } from '../../core/clip-source.js';
import type { SignalBus } from '../../core/signal-bus.js';
import type { CameraStatus, HealthCheck } from '../../core/bus-signals.js';
import type { FootageUse, LiveCamera, LiveCameraReports, LiveStreamFeed, FootageSoFar, MotionBox } from '../../core/live-camera.js';
import type { Logger } from '../../core/logger.js';
import type { MotionViewListener, MotionViewSource } from '../../core/motion-view.js';
import type { FfmpegTools } from '../../media/ffmpeg-tools.js';
import { inBackground } from '../../runtime/background.js';
import { CameraStatusTracker } from './stream/camera-status-tracker.js';
import { CameraStreams } from './stream/camera-streams.js';
import { ClipHandover, type HandoverOutcome } from './recording/clip-handover.js';
import { ClipPlanner, type ClipPlan } from './recording/clip-planner.js';
import type { Segment } from './segment.js';
import { recoverFootage } from './recording/footage-recovery.js';
import { ActivityReporter } from './activity-reporter.js';
import { assembleClip } from './recording/clip-assembler.js';
import { MotionDetector } from './stream/motion-detector.js';
import { MotionViewHub } from './stream/motion-view-hub.js';
import { RecordingJournal } from './recording/recording-journal.js';
import { rtspHealth } from './rtsp-health.js';
import { RTSP_PICTURE_FILE, rtspSettingsFrom, type RtspSettings } from './rtsp-settings.js';
import { SegmentJanitor } from './recording/segment-janitor.js';
import { TsRelay } from './stream/ts-relay.js';
import type { StreamUrlProvider } from './stream/stream-url.js';

export interface RtspSourceOptions {
  readonly camera: LiveCameraConfig;
  /** A Home Assistant camera's stream, asked of Core at every (re)connect; RTSP cameras use their URL. */
  readonly streamUrl?: StreamUrlProvider;
  /** This camera's work folder, e.g. `<data_dir>/rtsp/<camera>`: segments and clips being assembled. */
  readonly workDir: string;
  readonly intake: ClipIntake;
  readonly bus: SignalBus;
  readonly tools: FfmpegTools;
  readonly log: Logger;
  /** Who watches the camera live (events/live/); absent in tests of recording alone. */
  readonly reports?: LiveCameraReports;
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
/** Files of footage so far, lent to the early VLM call. */
const SO_FAR_PREFIX = 'so-far-';
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
  readonly relay: TsRelay;
  readonly activity: ActivityReporter;
  readonly timers: NodeJS.Timeout[];
  readonly internal: AbortController;
}

/**
 * An RTSP camera: one RTSP session (two with a `detect_url`) feeds a rolling buffer of stream-copied
 * segments, motion detection on small grey frames and a relay for the live detector. Motion opens a
 * live event at once; clips are cut from the buffer from pre-roll to post-roll and handed to intake.
 */
export class RtspSource extends EventEmitter<RtspSourceEvents> implements ClipSource, LiveCamera, MotionViewSource {
  readonly camera: string;
  readonly name: string;
  private running: Running | null = null;
  private stopping: Promise<void> | null = null;
  private startProblem: string | null = null;
  /** The changed regions of the latest motion frame, for the live detector. */
  private latestMotion: readonly MotionBox[] = [];
  /** The motion overlay's watchers; null while nobody watches, so the motion path does nothing more. */
  private motionView: MotionViewHub | null = null;

  constructor(private readonly options: RtspSourceOptions) {
    super();
    this.camera = options.camera.name;
    this.name = `source ${options.camera.name}`;
  }

  /** Current online state and last frame time, for health. */
  status(): CameraStatus {
    return this.running?.status.current() ?? { camera: this.camera, online: false, lastFrameAt: null, detail: 'not started' };
  }

  /** Whether it records, and if not why and what to do (health: `source <camera>`). */
  health(): HealthCheck {
    const running = this.running;
    if (!running)
      return this.startProblem ? { status: 'unhealthy', message: this.startProblem } : { status: 'healthy', message: 'not started' };
    return rtspHealth({
      status: running.status.current(),
      recorderFailure: running.streams.recorderFailure(),
      queues: [
        { name: 'clip hand-over', queue: running.handover.queue },
        { name: 'recording journal', queue: running.journal.writes },
      ],
      reportProblem: running.activity.reportProblem,
    });
  }

  /** RTSP sessions this camera holds right now. */
  sessions(): number {
    return this.running?.streams.sessions ?? 0;
  }

  /** The dashboard picture the camera's session rewrites every few seconds. */
  get picturePath(): string {
    return join(this.options.workDir, RTSP_PICTURE_FILE);
  }

  /** The camera's stream as it arrives (relayed from its one session), for the live detector. */
  openStream(): LiveStreamFeed {
    const relay = this.running?.relay;
    if (!relay) {
      const closed = new PassThrough();
      closed.end();
      return { stream: closed, close: () => undefined };
    }
    return relay.open();
  }

  /** Where the latest motion frame changed, in frame shares (empty when nothing moves). */
  motionRegions(): readonly MotionBox[] {
    return this.latestMotion;
  }

  /** The motion detector's view of each motion frame (the motion overlay) until the returned function is called. */
  watchMotion(listener: MotionViewListener): () => void {
    const hub = (this.motionView ??= new MotionViewHub(this.camera, this.options.camera.motion.fps, this.options.log));
    return hub.add(listener, () => {
      if (this.motionView === hub) this.motionView = null;
    });
  }

  /** Watchers of the motion overlay right now. */
  motionWatchers(): number {
    return this.motionView?.size ?? 0;
  }

  /** The clip being recorded, from pre-roll to the last written segment, stream-copied into a file lent to `use`. */
  async useFootageSoFar<T>(signal: AbortSignal, use: (footage: FootageSoFar) => Promise<T>): Promise<FootageUse<T>> {
    const running = this.running;
    const segments = running?.planner.recording ? running.planner.openSegments() : [];
    const first = segments[0];
    const last = segments[segments.length - 1];
    if (!first || !last) return { kind: 'none' };
    const file = join(this.options.workDir, `${SO_FAR_PREFIX}${randomUUID()}.mp4`);
    try {
      const assembled = await assembleClip(this.options.tools, segments, file, signal);
      if (!assembled.ok) return { kind: 'failed', reason: assembled.error.message };
      return { kind: 'used', value: await use({ file, startedAtMs: first.startedAt, endedAtMs: last.endedAt }) };
    } finally {
      await rm(file, { force: true });
    }
  }

  /** Returns once the streams are launched; an offline camera is retried in the background. */
  async start(signal: AbortSignal): Promise<void> {
    if (this.running || this.stopping) return;
    const log = this.options.log.child({ camera: this.camera, source: 'rtsp' });
    const settings = rtspSettingsFrom(this.options.camera, this.options.streamUrl);
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
      // Footage lent to the early VLM call when HomeSec was killed: the call is gone with it.
      for (const name of await readdir(this.options.workDir))
        if (name.startsWith(SO_FAR_PREFIX)) await rm(join(this.options.workDir, name), { force: true });
    } catch (e) {
      log.error(
        { event_type: 'rtsp.workdir_failed', err: e, work_dir: this.options.workDir },
        'cannot use the RTSP work folder; camera not recording',
      );
      status.down('recording', 'work folder not writable');
      this.startProblem = `not recording: cannot use the work folder ${this.options.workDir} (${(e as Error).message})`;
      return;
    }
    const planner = new ClipPlanner(settings.planner);
    const relay = new TsRelay();
    const activity = new ActivityReporter({
      camera: this.camera,
      reports: this.options.reports ?? null,
      offDelayMs: settings.motionOffDelayMs,
      openEventId: () => (planner.recording ? planner.openEventId : null),
      log,
    });
    const handover = new ClipHandover({
      camera: this.camera,
      clipDir,
      intake: this.options.intake,
      tools: this.options.tools,
      log,
      onAssembled: () => this.recordJournal(),
      onOutcome: (o) => {
        if (o.plan) activity.clipHandedOver(o.plan);
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
          this.motionView?.frame(motion, reading, planner.recording, at);
          this.latestMotion = reading.boxes;
          if (reading.lightChange) log.debug({ event_type: 'rtsp.light_change', changed_pct: round(reading.changedPct) }, 'light change');
          if (reading.motion) this.onMotion(reading.changedPct, at);
        },
        onRelay: (chunk) => relay.push(chunk),
        onAnalysisRestart: () => {
          motion.reset();
          this.latestMotion = [];
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
    this.running = { settings, planner, status, handover, janitor, journal, streams, relay, activity, timers, internal };
    handover.enqueueLeftovers();
    this.options.reports?.cameraStarted(
      this,
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
    running.activity.end(Date.now());
    const last = running.planner.flush(Date.now());
    if (last) this.handle([last]);
    await running.handover.drain();
    await this.options.reports?.cameraStopped(this.camera);
    running.activity.stopped();
    await running.journal.clear();
    await running.janitor.removeAll();
    running.status.markStopped();
    this.options.log.info({ event_type: 'rtsp.source_stopped', camera: this.camera }, 'RTSP camera stopped');
  }

  private onMotion(changedPct: number, at: number): void {
    const running = this.running;
    if (!running) return;
    this.notify('motion', { at, changedPct });
    const eventId = running.activity.motionSeen(at);
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
    running.activity.tick(now);
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
      running.activity.clipPlanned(plan);
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
