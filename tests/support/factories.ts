import { randomUUID } from 'node:crypto';
import type { Analysis } from '../../server/src/core/analysis.js';
import type { ClipEvent } from '../../server/src/core/clip-event.js';
import type { Clip } from '../../server/src/core/clip.js';
import type { DetectionResult } from '../../server/src/core/detection.js';
import type { AlertPhase, CameraEvent } from '../../server/src/core/camera-event.js';
import type { AlertMessage } from '../../server/src/notify/alert-message.js';
import { buildAlertPayload } from '../../server/src/notify/alert-payload.js';
import { newEvent } from '../../server/src/events/new-event.js';

/** A stored, finished clip with sensible defaults; override what the test is about. */
export function makeClip(overrides: Partial<Clip> = {}): Clip {
  const startedAt = overrides.startedAt ?? '2026-11-21T10:00:00.000Z';
  return {
    id: `clip_${randomUUID().slice(0, 8)}`,
    camera: 'front_door',
    source: 'folder',
    originalName: 'clip.mp4',
    mediaPath: 'front_door/2026-11-21/clip.mp4',
    thumbnailPath: null,
    snapshotPath: null,
    startedAt,
    endedAt: null,
    durationS: 10,
    sizeBytes: 1000,
    video: null,
    status: 'done',
    stages: {},
    detection: null,
    analysis: null,
    alerted: false,
    offsite: null,
    notifications: {},
    eventId: null,
    cutShort: false,
    error: null,
    createdAt: startedAt,
    updatedAt: startedAt,
    ...overrides,
  };
}

export function makeDetection(labels: string[], overrides: Partial<DetectionResult> = {}): DetectionResult {
  return {
    model: 'yolox_nano',
    framesSampled: 10,
    labels: labels.map((label) => ({ label, bestScore: 0.9, frames: 3 })),
    triggered: labels.includes('person'),
    bestFrame: null,
    earlyExit: false,
    frameWidth: 1280,
    frameHeight: 720,
    ...overrides,
  };
}

export function makeAnalysis(overrides: Partial<Analysis> = {}): Analysis {
  return {
    title: 'Person at the door',
    summary: 'A person walked up to the door and left.',
    riskLevel: 'medium',
    activity: 'normal_visitor',
    observations: ['approached the door'],
    entities: [],
    requiresReview: false,
    model: 'test-model',
    framesSent: 4,
    usage: { promptTokens: 100, completionTokens: 20, costUsd: 0.0001 },
    ...overrides,
  };
}

export function makeEvent(clipId: string, overrides: Partial<ClipEvent> = {}): ClipEvent {
  return { id: randomUUID(), clipId, type: 'clip_stored', at: new Date().toISOString(), data: {}, ...overrides };
}

/** The event a whole clip makes, with the clip's findings; override what the test is about. */
export function makeEventOf(clip: Clip, overrides: Partial<CameraEvent> = {}): CameraEvent {
  const base = newEvent(clip.camera, clip.source, new Date(clip.startedAt), false);
  return {
    ...base,
    id: `evt_${clip.id}`,
    detectorRan: clip.detection !== null,
    labels: clip.detection?.labels ?? [],
    triggered: clip.detection?.triggered ?? false,
    snapshotPath: clip.snapshotPath,
    analysis: clip.analysis,
    // The event decides; a clip marked alerted stands for an event that alerted on the vision model's risk.
    decision: clip.alerted ? { alert: true, reason: 'risk_at_or_above_min', detail: 'test' } : null,
    clipIds: [clip.id],
    ...overrides,
  };
}

/** The alert message an alerting clip's event queues for `phase` (as EventAlerts builds it). */
export function alertMessageFor(
  clip: Clip,
  phase: AlertPhase = 'new',
  publicUrl = '',
  eventOverrides: Partial<CameraEvent> = {},
): AlertMessage {
  const event = makeEventOf(clip, eventOverrides);
  return {
    eventId: event.id,
    key: phase,
    phase,
    payload: buildAlertPayload(event, phase, 1, publicUrl),
    snapshotPath: event.snapshotPath,
    observations: clip.analysis?.observations ?? [],
    clipId: clip.id,
  };
}
