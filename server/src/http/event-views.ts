import { eventAlerted, type CameraEvent } from '../core/camera-event.js';
import type { Clip } from '../core/clip.js';
import { toClipSummary } from './clip-views.js';
import type { EventDetail, EventSummary } from './contract.js';

/** The review grid's card of an event: small enough to send 50 at a time over the socket. */
export function toEventSummary(event: CameraEvent): EventSummary {
  return {
    id: event.id,
    camera: event.camera,
    source: event.source,
    status: event.status,
    startedAt: event.startedAt,
    endedAt: event.endedAt,
    triggeredAt: event.triggeredAt,
    labels: event.labels.map((l) => l.label),
    triggered: event.triggered,
    riskLevel: event.analysis?.riskLevel ?? null,
    title: event.analysis?.title ?? null,
    summary: event.analysis?.summary ?? event.decision?.detail ?? null,
    alerted: eventAlerted(event),
    phases: [...new Set(event.alerts.map((a) => a.phase))],
    reviewed: event.reviewedAt !== null,
    feedback: event.feedback,
    hasSnapshot: event.snapshotPath !== null,
    clipIds: event.clipIds,
    inProgress: event.status === 'active',
  };
}

/** The event page's answer for a stored event and its clips that are still there. */
export function toEventDetail(event: CameraEvent, clips: readonly Clip[]): EventDetail {
  const kept = clips.filter((clip) => clip.status !== 'deleted');
  return { event, clips: kept.map(toClipSummary), alerted: eventAlerted(event), readOnly: false };
}
