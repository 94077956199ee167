import { useQuery } from '@tanstack/react-query';
import { useEffect, useRef } from 'react';
import { ApiFailure, failureText } from '../api';
import { EventPlayer } from '../components/EventPlayer';
import { FeedbackPanel } from '../components/FeedbackPanel';
import { RiskBadge } from '../components/RiskBadge';
import type { ClipSummary } from '../contract';
import { decisionInWords } from '../decision-words';
import { formatDateTime, formatSeconds } from '../format';
import { clipHref } from '../hooks/useHashRoute';
import { useSetReviewed } from '../hooks/useReviewActions';
import type { CameraEvent } from '../review-contract';
import { eventDetailQuery } from '../review-queries';
import { RISK_WORDS } from '../wire-values';
import './review.css';
import './event.css';

/** One event for a person: the video from the first detection with its boxes, what happened, why it (did not) alert. */
export function EventPage({ id }: { readonly id: string }) {
  const { data: detail, error } = useQuery(eventDetailQuery(id));
  const reviewed = useSetReviewed(id);
  const { mutate } = reviewed;
  const loaded = detail !== undefined;
  const needsReview = loaded && detail.event.reviewedAt === null;
  // Opening an event is reviewing it, decided once per visit when it first loads: marked unreviewed again
  // below, it stays so.
  const decided = useRef(false);
  useEffect(() => {
    if (!loaded || decided.current) return;
    decided.current = true;
    if (needsReview) mutate(true);
  }, [loaded, needsReview, mutate]);

  if (error) {
    return (
      <section>
        <h1>Event not available</h1>
        <p className="error-text" role="alert">
          {error instanceof ApiFailure && error.status === 404 ? 'This event does not exist (any more).' : failureText(error)}
        </p>
        <a href="#/">Back to review</a>
      </section>
    );
  }
  if (!detail) return <p className="muted">Loading event…</p>;
  const { event, clips } = detail;
  const isReviewed = reviewed.isPending ? reviewed.variables : event.reviewedAt !== null;
  return (
    <article aria-labelledby="event-heading">
      <a href="#/" className="back">
        ← Review
      </a>
      <h1 id="event-heading">
        {event.analysis?.title ?? titleOf(event)} <RiskBadge risk={event.analysis?.riskLevel ?? null} />
      </h1>
      <p className="muted">
        {event.camera} · {formatDateTime(event.startedAt)}
        {event.endedAt && ` · ${formatSeconds((Date.parse(event.endedAt) - Date.parse(event.startedAt)) / 1000)}`}
        {event.status === 'active' && ' · still going on'}
      </p>
      <div className="event-layout">
        <EventPlayer event={event} clips={clips} />
        <div>
          <Account event={event} />
          <Decision event={event} />
          <FeedbackPanel event={event} />
          <p>
            <button type="button" aria-pressed={isReviewed} onClick={() => reviewed.mutate(!isReviewed)}>
              {isReviewed ? 'Reviewed ✓' : 'Mark reviewed'}
            </button>
          </p>
        </div>
      </div>
      <Engineering event={event} clips={clips} />
    </article>
  );
}

function Account({ event }: { readonly event: CameraEvent }) {
  const analysis = event.analysis;
  return (
    <section className="card" aria-labelledby="account-heading">
      <h2 id="account-heading">What happened</h2>
      {analysis ? (
        <>
          <p className="summary">{analysis.summary}</p>
          {analysis.observations.length > 0 && (
            <ul className="observations">
              {analysis.observations.map((o, i) => (
                <li key={i}>{o}</li>
              ))}
            </ul>
          )}
          <p className="muted">
            Risk {RISK_WORDS[analysis.riskLevel].toLowerCase()} · {analysis.activity.replace(/_/g, ' ')}
            {analysis.requiresReview && ' · worth a look'}
          </p>
        </>
      ) : (
        <p className="muted">No account from the vision model for this event.</p>
      )}
      <p className="muted">
        Seen: {event.labels.map((l) => `${l.label} (${Math.round(l.bestScore * 100)}%)`).join(', ') || 'nothing the detector knows'}
      </p>
    </section>
  );
}

function Decision({ event }: { readonly event: CameraEvent }) {
  const decision = event.decision;
  const alerted = event.alerts.some((a) => a.phase === 'new');
  return (
    <section className="card" aria-labelledby="decision-heading">
      <h2 id="decision-heading">{alerted ? 'Why it alerted' : 'Why it did not alert'}</h2>
      {decision ? (
        <>
          <p className="decision-line" data-reason={decision.reason}>
            {decisionInWords(decision.reason, alerted)}
          </p>
          <p className="muted">{decision.detail}</p>
        </>
      ) : (
        <p className="muted">{event.status === 'active' ? 'Not decided yet.' : 'Nothing was found that could alert.'}</p>
      )}
    </section>
  );
}

/** Stages, messages and clips: for whoever wants to know how, folded away. */
function Engineering({ event, clips }: { readonly event: CameraEvent; readonly clips: readonly ClipSummary[] }) {
  return (
    <details className="card engineering">
      <summary>Engineering details</summary>
      <div className="facts">
        <dl>
          <dt>Event</dt>
          <dd>{event.id}</dd>
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
              : event.alerts
                  .map((a) => `${a.key} at ${formatDateTime(a.at)} (${Object.keys(a.deliveries).join(', ') || 'no notifier'})`)
                  .join('; ')}
          </dd>
          <dt>Clips</dt>
          <dd>
            {clips.length === 0
              ? 'none yet'
              : clips.map((clip, i) => (
                  <span key={clip.id}>
                    {i > 0 && ', '}
                    <a href={clipHref(clip.id)}>{clip.id}</a> (stages and latency)
                  </span>
                ))}
          </dd>
        </dl>
      </div>
    </details>
  );
}

function titleOf(event: CameraEvent): string {
  const what = event.labels[0]?.label ?? 'Motion';
  return `${what.charAt(0).toUpperCase()}${what.slice(1)} at ${event.camera.replace(/_/g, ' ')}`;
}
