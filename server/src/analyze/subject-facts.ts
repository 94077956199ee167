import type { AnalysisSubject } from '../core/clip-analyzer.js';
import type { LabelSummary, ObjectCount } from '../core/detection.js';

/** What the analyzer uses of its subject, the same for a stored clip and a live event's first seconds. */
export interface SubjectFacts {
  /** The clip's id, or the live event's: the spend is booked on it. */
  readonly id: string;
  readonly kind: AnalysisSubject['kind'];
  readonly camera: string;
  readonly startedAt: string;
  readonly durationS: number | null;
  /** What the detector found (null: it did not run or failed). */
  readonly detected: {
    readonly labels: readonly LabelSummary[];
    readonly framesSampled: number;
    readonly objectCounts?: readonly ObjectCount[];
  } | null;
  readonly triggered: boolean;
  readonly detectorFailed: boolean;
  /** Seconds into the footage of the moment that matters most (frame choice centres on it). */
  readonly bestT: number | null;
}

export function subjectFacts(subject: AnalysisSubject): SubjectFacts {
  switch (subject.kind) {
    case 'clip': {
      const { clip } = subject;
      return {
        id: clip.id,
        kind: 'clip',
        camera: clip.camera,
        startedAt: clip.startedAt,
        durationS: clip.durationS,
        detected: clip.detection
          ? {
              labels: clip.detection.labels,
              framesSampled: clip.detection.framesSampled,
              ...(clip.detection.objectCounts ? { objectCounts: clip.detection.objectCounts } : {}),
            }
          : null,
        triggered: clip.detection?.triggered ?? false,
        detectorFailed: clip.stages.detect?.outcome === 'failed',
        bestT: clip.detection?.bestFrame?.t ?? null,
      };
    }
    case 'live_event':
      return {
        id: subject.eventId,
        kind: 'live_event',
        camera: subject.camera,
        startedAt: subject.startedAt,
        durationS: subject.durationS,
        detected: {
          labels: subject.labels,
          framesSampled: subject.framesSampled,
          ...(subject.objectCounts ? { objectCounts: subject.objectCounts } : {}),
        },
        // The live detector confirmed a trigger label before the call was made.
        triggered: true,
        detectorFailed: false,
        bestT: subject.confirmedAtS,
      };
  }
}
