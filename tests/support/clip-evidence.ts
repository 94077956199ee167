import type { AlertEvidence, VlmState } from '../../server/src/core/alert-evidence.js';
import { clipLabels, type Clip } from '../../server/src/core/clip.js';

/** What one whole clip shows, as the event of that clip alone would put it to the alert policy. */
export function evidenceOfClip(clip: Clip): AlertEvidence {
  const stage = clip.stages.analyze;
  const state: VlmState = clip.analysis ? 'done' : stage?.outcome === 'failed' ? 'failed' : stage ? 'skipped' : 'pending';
  return {
    id: clip.id,
    camera: clip.camera,
    analysis: clip.analysis,
    detected: clip.detection !== null,
    labels: clipLabels(clip),
    triggered: clip.detection?.triggered ?? false,
    detections: (clip.detection?.bestFrame?.detections ?? []).map((d) => ({
      label: d.label,
      box: d.box,
      frameWidth: clip.detection?.frameWidth ?? 1,
      frameHeight: clip.detection?.frameHeight ?? 1,
    })),
    vlm: { state, reason: stage?.reason ?? null },
  };
}
