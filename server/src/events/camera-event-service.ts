import type { EventAlerts } from './event-alerts.js';
import type { Analysis } from '../core/analysis.js';
import { eventAlerted, MAX_EVENT_MOMENTS, type CameraEvent, type DetectionMoment } from '../core/camera-event.js';
import type { IncomingClip } from '../core/clip-intake.js';
import type { Clip, StageName } from '../core/clip.js';
import type { LabelSummary, ObjectCount } from '../core/detection.js';
import type { KnownStationary } from '../core/object-detector.js';
import type { SignalBus } from '../core/signal-bus.js';
import type { AlertedClips } from './event-alerts.js';
import type { Part } from '../core/lifecycle.js';
import type { LiveActivity } from './live/live-activity.js';
import type { ClipProgress } from '../core/clip-progress.js';
import type { Logger } from '../core/logger.js';
import type { CameraEventRepository } from '../store/camera-event-repository.js';
import { mergeObjectCounts } from './event-object-counts.js';
import { newEvent } from './new-event.js';
import type { EndVideoWait } from './end-video-wait.js';
import { withZones, zonesEntered, type Zone } from '../core/zone.js';

export interface CameraEventServiceOptions {
  readonly cameraEvents: CameraEventRepository;
  readonly clips: AlertedClips;
  readonly alerts: EventAlerts;
  readonly bus: SignalBus;
  readonly log: Logger;
  /** `analyzer.final_call_after_s`: a live event shorter than this keeps its early verdict (no second VLM call); 0 = always call again. */
  readonly finalCallAfterS: number;
  /** Each camera's zones and the labels that count in them: an event records the zones its trigger objects entered. */
  readonly zones?: { readonly byCamera: ReadonlyMap<string, readonly Zone[]>; readonly triggerLabels: readonly string[] };
  /** Holds an alerted event's end until its clip has a file phones play; absent: it ends at once. */
  readonly endVideo?: EndVideoWait;
}

/** What the live detector has made of an event so far. */
export interface LiveFindings {
  readonly labels: readonly LabelSummary[];
  readonly triggered: boolean;
  /** Distinct objects so far, moving and stationary. */
  readonly objectCounts?: readonly ObjectCount[];
  /** The picture of the best moment with its boxes (relative to the media folder), once there is one. */
  readonly snapshotPath: string | null;
  /** The camera's zones a moving trigger object stands in on this frame. */
  readonly zones?: readonly string[];
  /** What stands still in view now (a parked car): the camera's clips count it as no news too. */
  readonly stationary?: KnownStationary;
}

/**
 * The owner of camera events. Live watching tells it about motion and what the live detector and the
 * early VLM call found; intake and the pipeline tell it about clips and their evidence. It keeps one
 * event per period of activity, and it alone decides and alerts, for every source through one path:
 * EventAlerts acts on each new piece of evidence. It closes an event once its recording ended and its
 * clips are through the pipeline.
 */
export class CameraEventService implements Part, LiveActivity, ClipProgress {
  readonly name = 'events';
  /** The event each live camera is in, if any. */
  private readonly live = new Map<string, string>();
  /** Live events a killed run was recording: they wait for their camera to start (and hand over what was recovered). */
  private readonly interrupted = new Map<string, string>();
  private interruptedTimer: NodeJS.Timeout | null = null;
  /** What each live camera's detector last found standing still. */
  private readonly stationary = new Map<string, KnownStationary>();

  constructor(private readonly options: CameraEventServiceOptions) {}

  /**
   * Live events a crash or stop left open end here: their recorder is gone (what it wrote comes as
   * clips). So does an event whose clip never made it into intake; events with clips in the pipeline
   * stay open, the pipeline resumes them.
   */
  start(): void {
    for (const event of this.options.cameraEvents.active()) {
      if (!event.recording && event.clipIds.length > 0) {
        // Its clips are all through (it was waiting for its phone video): it ends now.
        if (event.openClipIds.length === 0) this.closeIfDone(event, event.endReason ?? 'activity_ended');
        continue;
      }
      this.options.log.warn(
        { event_type: 'event.interrupted', event_id: event.id, camera: event.camera },
        'an event was still being recorded when HomeSec stopped; it ends with what was recorded',
      );
      if (event.recording) this.interrupted.set(event.id, event.camera);
      else this.finishRecording(event.id, 'interrupted');
    }
    if (this.interrupted.size === 0) return;
    // A camera that is no longer configured (or never starts) does not keep its old event open.
    this.interruptedTimer = setTimeout(() => {
      // A timer's throw would end the process (and recording): a failed write (disk full) is logged instead.
      try {
        for (const id of [...this.interrupted.keys()]) this.finishInterrupted(id);
      } catch (e) {
        this.options.log.error({ event_type: 'event.interrupted_end_failed', err: e }, 'could not end interrupted events');
      }
    }, INTERRUPTED_GRACE_MS);
    this.interruptedTimer.unref();
  }

  stop(): void {
    if (this.interruptedTimer) clearTimeout(this.interruptedTimer);
    this.options.alerts.stop();
    this.live.clear();
  }

  // ---- live cameras ----

  liveCameraStarted(camera: string, recovering: readonly string[]): void {
    for (const [id, of] of [...this.interrupted]) if (of === camera && !recovering.includes(id)) this.finishInterrupted(id);
  }

  motionStarted(camera: string, atMs: number): string {
    const current = this.live.get(camera);
    const event = current ? this.options.cameraEvents.getLocal(current) : null;
    if (event && event.status === 'active' && event.recording) {
      if (event.endedAt) this.options.cameraEvents.update(event.id, (e) => ({ ...e, endedAt: null }));
      return event.id;
    }
    const opened = this.options.cameraEvents.open(newEvent(camera, 'rtsp', new Date(atMs), true));
    this.live.set(camera, opened.id);
    this.options.log.info({ event_type: 'event.opened', event_id: opened.id, camera }, `event on ${camera}: motion`);
    return opened.id;
  }

  objectsSeen(eventId: string, moment: DetectionMoment, findings: LiveFindings): void {
    // The evidence and the decision it leads to land together: a kill between them would leave an event
    // that says it saw a person (or a verdict) and never decided on it, nor would after the restart.
    this.options.cameraEvents.inOneWrite(() => this.takeLiveFindings(eventId, moment, findings));
  }

  private takeLiveFindings(eventId: string, moment: DetectionMoment, findings: LiveFindings): void {
    const before = this.options.cameraEvents.getLocal(eventId);
    if (!before) return;
    if (findings.stationary) this.stationary.set(before.camera, findings.stationary);
    const updated = this.options.cameraEvents.update(eventId, (e) => ({
      ...e,
      detectorRan: true,
      labels: [...findings.labels],
      objectCounts: mergeObjectCounts(e.objectCounts ?? [], findings.objectCounts ?? []),
      triggered: e.triggered || findings.triggered,
      triggeredAt: e.triggeredAt ?? (findings.triggered ? moment.at : null),
      moments: moment.detections.length > 0 ? boundedMoments([...e.moments, moment]) : e.moments,
      snapshotPath: findings.snapshotPath ?? e.snapshotPath,
      ...(findings.zones && findings.zones.length > 0 ? { zones: [...withZones(e.zones ?? [], findings.zones)] } : {}),
    }));
    // A zone entered is new evidence: an event held back by alerts.overrides[].require_zones is decided again.
    const enteredZone = (updated.zones?.length ?? 0) > (before.zones?.length ?? 0);
    if (updated.triggered && (!before.triggered || enteredZone)) this.options.alerts.onDetected(updated);
  }

  activityEnded(eventId: string, atMs: number): void {
    this.options.cameraEvents.update(eventId, (e) => ({ ...e, endedAt: e.endedAt ?? new Date(atMs).toISOString() }));
  }

  /** The live recording of the event is over and its last clip handed over (or the recorder is gone). */
  recordingFinished(eventId: string): void {
    if (this.interrupted.has(eventId)) this.finishInterrupted(eventId);
    else this.finishRecording(eventId, 'activity_ended');
  }

  /** A verdict from the first seconds of a live event (early VLM call). */
  analysed(eventId: string, analysis: Analysis): void {
    this.options.cameraEvents.inOneWrite(() => {
      const updated = this.options.cameraEvents.update(eventId, (e) => ({ ...e, analysis, analysisSource: 'early' }));
      this.options.alerts.onVerdict(updated);
    });
  }

  // ---- clips ----

  /** The event an incoming clip belongs to: the live one its source names, else a new one for the whole clip. */
  eventForClip(incoming: IncomingClip, startedAt: Date): string {
    const known = incoming.eventId ? this.options.cameraEvents.getLocal(incoming.eventId) : null;
    if (known) return known.id;
    return this.options.cameraEvents.open(newEvent(incoming.camera, incoming.source, startedAt, false)).id;
  }

  clipStored(clip: Clip): void {
    if (!clip.eventId || !this.options.cameraEvents.getLocal(clip.eventId)) return;
    this.options.cameraEvents.update(clip.eventId, (e) => ({
      ...e,
      clipIds: e.clipIds.includes(clip.id) ? e.clipIds : [...e.clipIds, clip.id],
      openClipIds: e.openClipIds.includes(clip.id) ? e.openClipIds : [...e.openClipIds, clip.id],
      endedAt: e.recording ? e.endedAt : (clip.endedAt ?? e.endedAt),
    }));
    this.markClipsIfAlerted(clip.eventId);
  }

  clipRequeued(clip: Clip): string {
    return this.options.cameraEvents.open(newEvent(clip.camera, clip.source, new Date(clip.startedAt), false)).id;
  }

  stageRecorded(stage: StageName, clip: Clip): void {
    this.options.cameraEvents.inOneWrite(() => this.takeStage(stage, clip));
  }

  private takeStage(stage: StageName, clip: Clip): void {
    const event = clip.eventId ? this.options.cameraEvents.getLocal(clip.eventId) : null;
    if (!event) return;
    if (stage === 'detect' && clip.detection) this.takeClipDetection(event, clip);
    if (stage === 'analyze') this.takeClipVerdict(event, clip);
  }

  clipFinished(clip: Clip): void {
    const event = clip.eventId ? this.options.cameraEvents.getLocal(clip.eventId) : null;
    if (!event) return;
    const updated = this.options.cameraEvents.update(event.id, (e) => ({
      ...e,
      openClipIds: e.openClipIds.filter((id) => id !== clip.id),
    }));
    this.closeIfDone(updated, 'clip_done');
  }

  /** Why the clip's event wants no paid VLM call (a rule that skips it for all that was seen), or null. */
  stationaryFor(clip: Clip): KnownStationary | null {
    return this.stationary.get(clip.camera) ?? null;
  }

  analysisSkippedFor(clip: Clip): string | null {
    const event = clip.eventId ? this.options.cameraEvents.getLocal(clip.eventId) : null;
    return event ? this.options.alerts.analysisSkippedBy(event) : null;
  }

  /** The same for a live event before its early call. */
  earlyAnalysisSkipped(eventId: string): string | null {
    const event = this.options.cameraEvents.getLocal(eventId);
    return event ? this.options.alerts.analysisSkippedBy(event) : null;
  }

  /**
   * A live event makes at most two paid VLM calls: the early one, and one final call on its last clip
   * when it lasted `final_call_after_s` or longer (0: always). A clip with more of the event still to
   * come, or the last clip of a short event, takes the verdict the event has. Without a verdict yet
   * (the early call was not made or failed) the clip's own call gives the event its first one.
   */
  verdictFor(clip: Clip): Analysis | null {
    const event = clip.eventId ? this.options.cameraEvents.getLocal(clip.eventId) : null;
    if (!event?.analysis || event.source !== 'rtsp') return null;
    const moreToCome = event.recording || event.openClipIds.some((id) => id !== clip.id);
    if (moreToCome) return event.analysis;
    const limitS = this.options.finalCallAfterS;
    if (limitS === 0) return null;
    const end = Date.parse(clip.endedAt ?? event.endedAt ?? new Date().toISOString());
    return (end - Date.parse(event.startedAt)) / 1000 < limitS ? event.analysis : null;
  }

  /** A clip that joins an event which alerted already is marked too (EventAlerts marks those it had). */
  private markClipsIfAlerted(eventId: string): void {
    const event = this.options.cameraEvents.getLocal(eventId);
    if (!event || !eventAlerted(event)) return;
    for (const clipId of event.clipIds) this.options.clips.markAlerted(clipId);
  }

  private takeClipDetection(event: CameraEvent, clip: Clip): void {
    const detection = clip.detection;
    if (!detection) return;
    const best = detection.bestFrame;
    const moment: DetectionMoment | null = best
      ? {
          at: new Date(Date.parse(clip.startedAt) + best.t * 1000).toISOString(),
          detections: best.detections,
          frameWidth: detection.frameWidth,
          frameHeight: detection.frameHeight,
        }
      : null;
    const zones = moment && event.source !== 'rtsp' ? this.clipZones(event.camera, moment) : [];
    const updated = this.options.cameraEvents.update(event.id, (e) => ({
      ...e,
      detectorRan: true,
      labels: mergeLabels(e.labels, detection.labels),
      objectCounts: mergeObjectCounts(e.objectCounts ?? [], detection.objectCounts ?? []),
      triggered: e.triggered || detection.triggered,
      triggeredAt: e.triggeredAt ?? (detection.triggered ? (moment?.at ?? clip.startedAt) : null),
      moments: e.source === 'rtsp' || !moment ? e.moments : boundedMoments([...e.moments, moment]),
      snapshotPath: e.snapshotPath ?? clip.snapshotPath,
      ...(zones.length > 0 ? { zones: [...withZones(e.zones ?? [], zones)] } : {}),
    }));
    if (!event.triggered && updated.triggered) this.options.alerts.onDetected(updated);
  }

  /**
   * A whole clip (folder, FTP) has no live frames: the zones of its best frame's objects stand for it.
   * A live event takes its zones from the live frames instead.
   */
  private clipZones(camera: string, moment: DetectionMoment): string[] {
    const zones = this.options.zones;
    return zones ? zonesEntered(moment, zones.byCamera.get(camera) ?? [], zones.triggerLabels) : [];
  }

  private takeClipVerdict(event: CameraEvent, clip: Clip): void {
    const stage = clip.stages.analyze;
    // The clip took the event's verdict as it is: nothing new to tell.
    if (clip.analysis && sameVerdict(clip.analysis, event.analysis)) return;
    if (clip.analysis) {
      const updated = this.options.cameraEvents.update(event.id, (e) => ({ ...e, analysis: clip.analysis, analysisSource: 'clip' }));
      // One update per changed verdict: the same risk and activity in other words is kept, not sent again.
      if (!event.analysis || verdictChanged(event.analysis, clip.analysis)) this.options.alerts.onVerdict(updated);
    } else if (!event.analysis && stage) {
      // No verdict will come from this clip: the first alert (if any) is decided on the detector alone.
      this.options.alerts.onVerdict(event, { state: stage.outcome === 'failed' ? 'failed' : 'skipped', reason: stage.reason });
    }
  }

  private finishInterrupted(eventId: string): void {
    this.interrupted.delete(eventId);
    this.finishRecording(eventId, 'interrupted');
  }

  private finishRecording(eventId: string, reason: string): void {
    const event = this.options.cameraEvents.getLocal(eventId);
    if (!event) return;
    const camera = event.camera;
    if (this.live.get(camera) === eventId) this.live.delete(camera);
    const updated = this.options.cameraEvents.update(eventId, (e) => ({
      ...e,
      recording: false,
      endedAt: e.endedAt ?? new Date().toISOString(),
      endReason: e.endReason ?? (reason === 'interrupted' ? 'interrupted' : null),
    }));
    this.closeIfDone(updated, reason);
  }

  private closeIfDone(event: CameraEvent, reason: string, videoWaited = false): void {
    if (event.status === 'closed' || event.recording || event.openClipIds.length > 0) return;
    const again = () => {
      const now = this.options.cameraEvents.getLocal(event.id);
      if (now) this.closeIfDone(now, reason, true);
    };
    if (!videoWaited && this.options.endVideo?.holds(event, again)) return;
    // Closed and its `end` queued together: a kill between them would leave a closed event that never ends on the phone.
    this.options.cameraEvents.inOneWrite(() => this.close(event, reason));
  }

  private close(event: CameraEvent, reason: string): void {
    const closed = this.options.cameraEvents.update(event.id, (e) => ({
      ...e,
      status: 'closed',
      endReason: e.endReason ?? reason,
      endedAt: e.endedAt ?? new Date().toISOString(),
    }));
    this.options.log.info(
      { event_type: 'event.closed', event_id: closed.id, camera: closed.camera, reason: closed.endReason, clips: closed.clipIds.length },
      `event on ${closed.camera} ended`,
    );
    this.options.alerts.onClosed(closed);
  }
}

function sameVerdict(a: Analysis, b: Analysis | null): boolean {
  return b !== null && JSON.stringify(a) === JSON.stringify(b);
}

/** What a phone is told again about: the risk or the kind of activity changed. */
function verdictChanged(before: Analysis, after: Analysis): boolean {
  return before.riskLevel !== after.riskLevel || before.activity !== after.activity;
}

/** How long an event a killed run was recording waits for its camera to come back before it ends anyway. */
const INTERRUPTED_GRACE_MS = 60_000;

/** The first moments and the latest ones: the moment the person appeared matters most, then the newest. */
function boundedMoments(moments: DetectionMoment[]): DetectionMoment[] {
  if (moments.length <= MAX_EVENT_MOMENTS) return moments;
  const head = 10;
  return [...moments.slice(0, head), ...moments.slice(moments.length - (MAX_EVENT_MOMENTS - head))];
}

/** Per label the best score and the most frames of the two lists, best score first. */
function mergeLabels(a: readonly LabelSummary[], b: readonly LabelSummary[]): LabelSummary[] {
  const merged = new Map<string, LabelSummary>();
  for (const l of [...a, ...b]) {
    const seen = merged.get(l.label);
    merged.set(
      l.label,
      seen ? { label: l.label, bestScore: Math.max(seen.bestScore, l.bestScore), frames: Math.max(seen.frames, l.frames) } : l,
    );
  }
  return [...merged.values()].sort((x, y) => y.bestScore - x.bestScore);
}
