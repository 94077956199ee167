import type { CameraEvent, DetectionMoment } from '../core/camera-event.js';
import type { Clip } from '../core/clip.js';
import { clipEnd } from '../metrics/clip-latency.js';
import { toClipSummary } from './clip-views.js';
import type { EventDetail } from './contract.js';

/**
 * The event page's answer for a clip with no stored event (recorded before events existed, or its event
 * is gone): an event made from that clip alone, so the one event page shows it too. Read-only: it has
 * the clip's id, and nothing under /api/events knows it.
 */
export function clipOnlyEventDetail(clip: Clip): EventDetail {
  return { event: clipOnlyEvent(clip), clips: [toClipSummary(clip)], alerted: clip.alerted, readOnly: true };
}

function clipOnlyEvent(clip: Clip): CameraEvent {
  const detection = clip.detection;
  const best = detection?.bestFrame ?? null;
  const moments: DetectionMoment[] =
    detection && best && best.detections.length > 0
      ? [
          {
            at: new Date(Date.parse(clip.startedAt) + best.t * 1000).toISOString(),
            detections: best.detections,
            frameWidth: detection.frameWidth,
            frameHeight: detection.frameHeight,
          },
        ]
      : [];
  const done = clip.status === 'done' || clip.status === 'failed';
  return {
    id: clip.id,
    camera: clip.camera,
    source: clip.source,
    status: done ? 'closed' : 'active',
    startedAt: clip.startedAt,
    endedAt: clipEnd(clip),
    detectorRan: detection !== null,
    labels: detection?.labels ?? [],
    triggered: detection?.triggered ?? false,
    triggeredAt: null,
    moments,
    snapshotPath: clip.snapshotPath,
    analysis: clip.analysis,
    analysisSource: clip.analysis ? 'clip' : null,
    // Clips of that time kept whether they alerted, not why.
    decision: null,
    alerts: [],
    clipIds: [clip.id],
    recording: false,
    openClipIds: done ? [] : [clip.id],
    endReason: done ? 'clip_done' : null,
    reviewedAt: null,
    feedback: null,
    createdAt: clip.createdAt,
    updatedAt: clip.updatedAt,
  };
}
