import type { ClipSummary } from '../contract';
import { STAGES } from '../contract';

type StageState = 'ok' | 'skipped' | 'failed' | 'running' | 'pending';

/** The pipeline stages of a clip as a row of steps: done, skipped, failed, running or still to come. */
export function StageProgress({ clip }: { readonly clip: ClipSummary }) {
  const firstOpen = STAGES.findIndex((stage) => clip.stages[stage] === undefined);
  const states: StageState[] = STAGES.map((stage, index) => {
    const record = clip.stages[stage];
    if (record) return record.outcome;
    return clip.status === 'processing' && index === firstOpen ? 'running' : 'pending';
  });
  const label = STAGES.map((stage, i) => `${stage}: ${states[i] ?? 'pending'}`).join(', ');
  return (
    <ol className="stages" aria-label={`Progress: ${label}`} data-status={clip.status}>
      {STAGES.map((stage, i) => (
        <li key={stage} className={`stage stage-${states[i] ?? 'pending'}`}>
          {stage}
        </li>
      ))}
    </ol>
  );
}
