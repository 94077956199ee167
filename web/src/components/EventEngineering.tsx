import { formatDateTime } from '../format';
import type { CameraEvent } from '../review-contract';

/** How the event was decided and what it sent: for whoever wants to know how, folded away. */
export function EventEngineering({ event, readOnly }: { readonly event: CameraEvent; readonly readOnly: boolean }) {
  return (
    <details className="card engineering">
      <summary>Engineering details</summary>
      <div className="facts">
        <dl>
          <dt>Event</dt>
          <dd>{readOnly ? 'none stored (the clip is from before HomeSec kept events)' : event.id}</dd>
          <dt>Decision</dt>
          <dd>{event.decision?.reason ?? 'none'}</dd>
          <dt>Verdict from</dt>
          <dd>{event.analysisSource ?? 'none'}</dd>
          <dt>Ended</dt>
          <dd>{event.endReason ?? (event.status === 'active' ? 'not yet' : 'unknown')}</dd>
          <dt>Messages</dt>
          <dd>
            {event.alerts.length === 0
              ? 'none sent'
              : event.alerts.map((a) => `${a.key} at ${formatDateTime(a.at)} (${deliveriesInWords(a.deliveries)})`).join('; ')}
          </dd>
          <dt>Clips</dt>
          <dd>{event.clipIds.length === 0 ? 'none yet' : `${event.clipIds.length}, each below with its stages and latency`}</dd>
        </dl>
      </div>
    </details>
  );
}

function deliveriesInWords(deliveries: CameraEvent['alerts'][number]['deliveries']): string {
  const entries = Object.entries(deliveries);
  if (entries.length === 0) return 'no notifier';
  return entries.map(([name, d]) => `${name} ${d.status}${d.attempts > 1 ? ` after ${d.attempts} attempts` : ''}`).join(', ');
}
