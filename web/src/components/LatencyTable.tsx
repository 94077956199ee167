import { useId } from 'react';
import type { ClipDetail } from '../contract';
import { formatMs } from '../format';
import { isStageName, STAGE_WORDS } from '../wire-values';
import { TableScroll } from './TableScroll';

type ClipLatency = ClipDetail['latency'];

/**
 * How late each step happened after the clip ended (and after it was stored): "why was the alert late?".
 * `of` names the clip when a page shows several.
 */
export function LatencyTable({ latency, of }: { readonly latency: ClipLatency; readonly of?: string }) {
  const headingId = useId();
  if (latency.steps.length === 0) return null;
  return (
    <section {...(of ? { 'aria-label': `Latency of ${of}` } : { 'aria-labelledby': headingId })}>
      <h4 id={headingId}>Latency</h4>
      <p className="muted">
        {latency.alertMs === null
          ? 'No notification delivered.'
          : `First notification ${formatMs(latency.alertMs)} after the clip ${latency.endAt ? 'ended' : 'was stored'}.`}
      </p>
      <TableScroll label={of ? `Latency per step of ${of}` : 'Latency per step'}>
        <table className="stage-table latency-table">
          <thead>
            <tr>
              <th scope="col">Step</th>
              <th scope="col">Outcome</th>
              <th scope="col">After the clip ended</th>
              <th scope="col">After it was stored</th>
            </tr>
          </thead>
          <tbody>
            {latency.steps.map((s) => (
              <tr key={s.step}>
                <th scope="row">{stepName(s.step)}</th>
                <td>{s.outcome}</td>
                <td>{s.fromEndMs === null ? 'unknown' : formatMs(s.fromEndMs)}</td>
                <td>{formatMs(s.fromStoredMs)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </TableScroll>
    </section>
  );
}

function stepName(step: string): string {
  if (step.startsWith('notification:')) return `${step.slice('notification:'.length)} notification`;
  return isStageName(step) ? STAGE_WORDS[step] : step;
}
