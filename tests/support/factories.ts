import { randomUUID } from 'node:crypto';
import type { Analysis } from '../../server/src/core/analysis.js';
import type { ClipEvent } from '../../server/src/core/clip-event.js';
import type { Clip } from '../../server/src/core/clip.js';
import type { DetectionResult } from '../../server/src/core/detection.js';

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
    decision: null,
    offsite: null,
    notifications: {},
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
