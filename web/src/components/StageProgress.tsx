import type { ClipSummary, StageOutcome } from '../contract';
import { STAGE_NAMES, STAGE_WORDS } from '../wire-values';

type StageState = StageOutcome | 'running' | 'pending';

/** The pipeline stages of a clip as a row of steps: done, skipped, failed, running or still to come. */
export function StageProgress({ clip }: { readonly clip: ClipSummary }) {
  const firstOpen = STAGE_NAMES.findIndex((stage) => clip.stages[stage] === undefined);
  const states: StageState[] = STAGE_NAMES.map((stage, index) => {
    const record = clip.stages[stage];
    if (record) return record.outcome;
    return clip.status === 'processing' && index === firstOpen ? 'running' : 'pending';
  });
  const label = STAGE_NAMES.map((stage, i) => `${STAGE_WORDS[stage]}: ${states[i] ?? 'pending'}`).join(', ');
  return (
    <ol className="stages" aria-label={`Progress: ${label}`} data-status={clip.status}>
      {STAGE_NAMES.map((stage, i) => (
        <li key={stage} className={`stage stage-${states[i] ?? 'pending'}`}>
          {STAGE_WORDS[stage]}
        </li>
      ))}
    </ol>
  );
}
