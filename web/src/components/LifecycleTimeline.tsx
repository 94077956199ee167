import type { LifecycleEntry, StageTiming } from '../contract';
import { formatDateTime, formatMs } from '../format';
import { EVENT_WORDS, STAGE_WORDS } from '../wire-values';
import { TableScroll } from './TableScroll';

/** The clip's lifecycle events in order, each with the time since the previous one. */
export function LifecycleTimeline({ entries }: { readonly entries: readonly LifecycleEntry[] }) {
  if (entries.length === 0) return <p className="muted">No lifecycle events recorded.</p>;
  return (
    <ol className="lifecycle">
      {entries.map((entry) => {
        const stage = typeof entry.data.stage === 'string' ? entry.data.stage : null;
        const reason = typeof entry.data.reason === 'string' ? entry.data.reason : null;
        return (
          <li key={entry.id} className={`event event-${entry.type}`}>
            <time dateTime={entry.at} title={formatDateTime(entry.at)}>
              +{formatMs(entry.sinceStartMs)}
            </time>
            <span>
              {EVENT_WORDS[entry.type]}
              {stage && <strong> {stage}</strong>}
              {reason && <span className="muted"> ({reason})</span>}
            </span>
            {entry.sincePreviousMs !== null && <span className="muted">{formatMs(entry.sincePreviousMs)} after the previous step</span>}
          </li>
        );
      })}
    </ol>
  );
}

/** Stage durations as a table (what took the time); `of` names the clip when a page shows several. */
export function StageTable({ stages, of }: { readonly stages: readonly StageTiming[]; readonly of?: string }) {
  if (stages.length === 0) return null;
  return (
    <TableScroll label={of ? `Stage durations of ${of}` : 'Stage durations'}>
      <table className="stage-table">
        <thead>
          <tr>
            <th scope="col">Stage</th>
            <th scope="col">Outcome</th>
            <th scope="col">Duration</th>
            <th scope="col">Attempts</th>
          </tr>
        </thead>
        <tbody>
          {stages.map((s) => (
            <tr key={s.stage}>
              <th scope="row">{STAGE_WORDS[s.stage]}</th>
              <td>
                {s.outcome}
                {s.reason && <span className="muted"> ({s.reason})</span>}
              </td>
              <td>{formatMs(s.ms)}</td>
              <td>{s.attempts}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </TableScroll>
  );
}
