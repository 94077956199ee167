import type { AlertsConfig } from '../config/sections/alerts-config.js';
import { evidenceOfEvent, type AlertEvidence } from '../core/alert-evidence.js';
import type { AlertPolicy } from '../core/alert-policy.js';
import { eventAlerted, type AlertPhase, type CameraEvent, type SentAlert } from '../core/camera-event.js';
import type { NotificationOutbox } from '../core/notification-outbox.js';
import type { Logger } from '../core/logger.js';
import type { AlertMessage } from '../notify/alert-message.js';
import { buildAlertPayload, UNRATED } from '../notify/alert-payload.js';
import type { CameraEventRepository } from '../store/camera-event-repository.js';

/** How an event marks its clips once it alerted (retention keeps them longest; lists filter on it). */
export interface AlertedClips {
  markAlerted(clipId: string): void;
}

/** Where an event's clip is as a file phones play (H.264 MP4), relative to the media folder, if there is one now. */
export interface PlayableClips {
  playablePathNow(clipId: string): string | null;
  /** Makes the clip's file phones play if it has none yet (an H.265 clip's H.264 copy); null: no video. */
  makePlayable(clipId: string): Promise<string | null>;
}

export interface EventAlertsOptions {
  readonly policy: AlertPolicy;
  readonly clips: AlertedClips;
  /** Null when no notifier is configured: decisions are still made and recorded. */
  readonly outbox: NotificationOutbox<AlertMessage> | null;
  readonly cameraEvents: Pick<CameraEventRepository, 'update' | 'getLocal' | 'inOneWrite'>;
  readonly config: Pick<AlertsConfig, 'waitForVlmS'>;
  /** Whether a verdict will come at all (the analyzer is on and may run): an early alert then says it follows. */
  readonly verdictExpected: boolean;
  readonly publicUrl: string;
  /** The `end` message carries the clip's playable file (the phone's video attachment); without it, none. */
  readonly playableClips?: PlayableClips;
  readonly log: Logger;
  readonly now?: () => Date;
}

/**
 * The alert life of an event: the policy decides the first message (`new`) as soon as there is
 * evidence (the detector's confirmation: an early alert; or the vision model's verdict), every later
 * verdict goes out as an `update` of the same event (a low risk too: it says so), and the event's end
 * sends `end` with the clip (and its file phones play, when there is one). Each message is queued once
 * per notifier in the durable outbox.
 */
export class EventAlerts {
  private readonly waiting = new Map<string, NodeJS.Timeout>();

  constructor(private readonly options: EventAlertsOptions) {}

  /** The detector confirmed a trigger label. */
  onDetected(event: CameraEvent): void {
    if (eventAlerted(event)) return;
    const wait = this.options.config.waitForVlmS;
    if (wait > 0 && this.options.verdictExpected && !event.analysis) {
      this.holdForVerdict(event.id, wait);
      return;
    }
    this.decideFirst(event, this.pendingVlm());
  }

  /** A verdict arrived (or will not come: `vlm` says why). */
  onVerdict(event: CameraEvent, vlm: AlertEvidence['vlm'] = { state: 'done', reason: null }): void {
    this.cancelHold(event.id);
    if (!eventAlerted(event)) {
      this.decideFirst(event, vlm);
      return;
    }
    // The event alerted already: the verdict (or its absence) explains the alert better from now on.
    const assessed = this.options.policy.assess(evidenceOfEvent(event, vlm));
    this.options.cameraEvents.inOneWrite(() => {
      const explained = this.options.cameraEvents.update(event.id, (e) => ({ ...e, decision: { ...assessed, alert: true } }));
      if (!explained.analysis) return;
      const n = explained.alerts.filter((a) => a.phase === 'update').length + 1;
      this.send(explained, 'update', `update-${n}`, assessed.reason);
    });
  }

  /** Why no paid VLM call is made for what the event shows so far (a rule that skips it), or null. */
  analysisSkippedBy(event: CameraEvent): string | null {
    return this.options.policy.analysisSkippedBy(evidenceOfEvent(event, this.pendingVlm()), this.now());
  }

  /** The event ended (its last clip is through the pipeline): `end` with the clip, when it alerted. */
  onClosed(event: CameraEvent): void {
    this.cancelHold(event.id);
    if (eventAlerted(event)) this.send(event, 'end', 'end', event.endReason ?? 'ended');
  }

  stop(): void {
    for (const timer of this.waiting.values()) clearTimeout(timer);
    this.waiting.clear();
  }

  private pendingVlm(): AlertEvidence['vlm'] {
    return this.options.verdictExpected ? { state: 'pending', reason: null } : { state: 'skipped', reason: 'analyzer_disabled' };
  }

  private decideFirst(event: CameraEvent, vlm: AlertEvidence['vlm']): void {
    const decision = this.options.policy.decideOn(evidenceOfEvent(event, vlm), this.now());
    // The decision and its `new` land together: a kill between them would leave "alert: true" never sent.
    this.options.cameraEvents.inOneWrite(() => {
      const decided = this.options.cameraEvents.update(event.id, (e) => ({ ...e, decision }));
      if (decision.alert) this.send(decided, 'new', 'new', decision.reason);
    });
  }

  /**
   * Records the message on the event and queues it in one local write: a process killed between the two
   * would leave an alert the event says was sent, which the restart (seeing it recorded) never queues.
   */
  private send(event: CameraEvent, phase: AlertPhase, key: string, reason: string): void {
    if (event.alerts.some((a) => a.key === key)) return;
    const { recorded, notifiers } = this.options.cameraEvents.inOneWrite(() => this.recordAndQueue(event, phase, key, reason));
    this.options.log.info(
      { event_type: 'alert.queued', event_id: event.id, camera: event.camera, phase, key, notifiers, reason },
      `${phase} alert for ${recorded.camera} queued${notifiers.length ? '' : ' (no notifier configured)'}`,
    );
  }

  private recordAndQueue(
    event: CameraEvent,
    phase: AlertPhase,
    key: string,
    reason: string,
  ): { recorded: CameraEvent; notifiers: string[] } {
    const riskLevel = event.analysis?.riskLevel ?? UNRATED;
    const sent: SentAlert = { key, phase, at: this.now().toISOString(), reason, riskLevel, deliveries: {} };
    const recorded = this.options.cameraEvents.update(event.id, (e) => ({ ...e, alerts: [...e.alerts, sent] }));
    if (phase === 'new') for (const clipId of recorded.clipIds) this.options.clips.markAlerted(clipId);
    const sequence = recorded.alerts.length;
    const clipId = recorded.clipIds[recorded.clipIds.length - 1] ?? null;
    // Only the end has the whole clip. Looked up in this write, not waited for: an H.265 clip's copy may not be made yet.
    const clipPath = phase === 'end' && clipId ? (this.options.playableClips?.playablePathNow(clipId) ?? null) : null;
    const message: AlertMessage = {
      eventId: recorded.id,
      key,
      phase,
      payload: buildAlertPayload(recorded, phase, sequence, this.options.publicUrl, clipPath),
      snapshotPath: recorded.snapshotPath,
      observations: recorded.analysis?.observations ?? [],
      clipId,
    };
    const notifiers = this.options.outbox?.enqueue(message) ?? [];
    return { recorded, notifiers };
  }

  /** `alerts.wait_for_vlm_s`: the first message waits for the verdict, but never longer than this. */
  private holdForVerdict(eventId: string, seconds: number): void {
    if (this.waiting.has(eventId)) return;
    const timer = setTimeout(() => {
      this.waiting.delete(eventId);
      // A timer's throw would end the process (and recording): a failed write (disk full) is logged instead.
      try {
        const event = this.options.cameraEvents.getLocal(eventId);
        if (event && !eventAlerted(event)) this.decideFirst(event, this.pendingVlm());
      } catch (e) {
        this.options.log.error({ event_type: 'alert.decide_failed', event_id: eventId, err: e }, 'the held alert could not be decided');
      }
    }, seconds * 1000);
    timer.unref();
    this.waiting.set(eventId, timer);
  }

  private cancelHold(eventId: string): void {
    const timer = this.waiting.get(eventId);
    if (timer) clearTimeout(timer);
    this.waiting.delete(eventId);
  }

  private now(): Date {
    return this.options.now?.() ?? new Date();
  }
}
