import type { Clip } from '../core/clip.js';
import { RISK_LEVELS } from '../core/risk-level.js';

const CAMERAS = ['front_door', 'driveway', 'back_yard', 'garage'];
const LABEL_SETS = [[], ['person'], ['car'], ['person', 'car'], ['dog'], ['cat'], ['person', 'dog']];

/** A deterministic spread of realistic clip documents for benchmarks (one every 30 s back from `newest`). */
export function syntheticClip(index: number, newest: number): Clip {
  const startedAt = new Date(newest - index * 30_000).toISOString();
  const labels = LABEL_SETS[index % LABEL_SETS.length] ?? [];
  const risk = RISK_LEVELS[(index * 7) % RISK_LEVELS.length] ?? 'low';
  const alerted = labels.includes('person') && risk !== 'low';
  return {
    id: `c${String(index).padStart(7, '0')}`,
    camera: CAMERAS[index % CAMERAS.length] ?? 'front_door',
    source: 'folder',
    originalName: `clip_${index}.mp4`,
    mediaPath: `front_door/2026-11-21/c${index}.mp4`,
    thumbnailPath: null,
    snapshotPath: null,
    startedAt,
    endedAt: startedAt,
    durationS: 12,
    sizeBytes: 2_000_000,
    video: { width: 1280, height: 720, codec: 'h264', fps: 15 },
    status: 'done',
    stages: {},
    detection: labels.length
      ? {
          model: 'yolox_nano',
          framesSampled: 20,
          labels: labels.map((label) => ({ label, bestScore: 0.8, frames: 5 })),
          triggered: labels.includes('person'),
          bestFrame: null,
          earlyExit: false,
          frameWidth: 1280,
          frameHeight: 720,
        }
      : null,
    analysis: labels.length
      ? {
          title: `${labels.join(' and ')} seen`,
          summary: `A ${labels.join(' and a ')} moved through the scene.`,
          riskLevel: risk,
          activity: 'passerby',
          observations: ['walked past'],
          entities: [],
          requiresReview: false,
          model: 'bench',
          framesSent: 4,
          usage: { promptTokens: 1000, completionTokens: 100, costUsd: 0.001 },
        }
      : null,
    alerted,
    offsite: null,
    notifications: {},
    eventId: null,
    cutShort: false,
    error: null,
    createdAt: startedAt,
    updatedAt: startedAt,
  };
}
