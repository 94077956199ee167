import type { CameraEvent } from '../core/camera-event.js';
import type { SourceKind } from '../core/clip.js';
import { newEventId } from '../core/ids.js';

/** An event that just began: nothing seen, decided or sent yet. */
export function newEvent(camera: string, source: SourceKind, startedAt: Date, recording: boolean): CameraEvent {
  const now = new Date().toISOString();
  return {
    id: newEventId(camera, startedAt),
    camera,
    source,
    status: 'active',
    startedAt: startedAt.toISOString(),
    endedAt: null,
    detectorRan: false,
    labels: [],
    triggered: false,
    triggeredAt: null,
    moments: [],
    snapshotPath: null,
    analysis: null,
    analysisSource: null,
    decision: null,
    alerts: [],
    clipIds: [],
    recording,
    openClipIds: [],
    endReason: null,
    reviewedAt: null,
    feedback: null,
    createdAt: now,
    updatedAt: now,
  };
}
