import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef, useState } from 'react';
import { ApiFailure, failureText } from '../api';
import { EventClips } from '../components/EventClips';
import { EventEngineering } from '../components/EventEngineering';
import { EventPlayer, type ChosenClip } from '../components/EventPlayer';
import { FeedbackPanel } from '../components/FeedbackPanel';
import { LiveNow } from '../components/LiveNow';
import { RiskBadge } from '../components/RiskBadge';
import { decisionInWords } from '../decision-words';
import { formatDateTime, formatSeconds } from '../format';
import { eventHref } from '../hooks/useHashRoute';
import { useSetReviewed } from '../hooks/useReviewActions';
import type { CameraEvent, EventDetail } from '../review-contract';
import { eventPageQuery, reviewKeys } from '../review-queries';
import { RISK_WORDS } from '../wire-values';
import './review.css';
import './event.css';

/**
 * The page of an event (`eventId`), opened on one of its clips when `clipId` is given; or the page of a clip's
 * event (`eventId` null), which moves to the event's own address once known. A clip from before events existed
 * has no event: the server answers one made from the clip alone, shown read-only.
 */
type Props = { readonly eventId: string; readonly clipId: string | null } | { readonly eventId: null; readonly clipId: string };

/** One event for a person: the video from the first detection with its boxes, what happened, why it (did not) alert. */
export function EventPage({ eventId, clipId }: Props) {
  const { data: detail, error } = useQuery(eventPageQuery(eventId === null ? { clipId } : { eventId }));
  const client = useQueryClient();
  const movesOn = eventId === null && detail !== undefined && !detail.readOnly;

  // A clip's address becomes its event's: the answer is the event's page already, so it is not fetched again.
  useEffect(() => {
    if (!movesOn) return;
    client.setQueryData(reviewKeys.event(detail.event.id), detail);
    window.location.replace(eventHref(detail.event.id, clipId));
  }, [movesOn, detail, client, clipId]);

  if (error) {
    const gone = error instanceof ApiFailure && error.status === 404;
    const what = eventId === null ? 'clip' : 'event';
    return (
      <section>
        <h1>{eventId === null ? 'Clip not available' : 'Event not available'}</h1>
        <p className="error-text" role="alert">
          {gone ? `This ${what} does not exist (any more).` : failureText(error)}
        </p>
        {eventId === null ? <a href="#/clips">Back to the clips</a> : <a href="#/">Back to review</a>}
      </section>
    );
  }
  if (!detail || movesOn) return <p className="muted">Loading event…</p>;
  return <EventView detail={detail} clipId={clipId} />;
}

function EventView({ detail, clipId }: { readonly detail: EventDetail; readonly clipId: string | null }) {
  const { event, clips, readOnly } = detail;
  const [chosen, setChosen] = useState<ChosenClip | null>(() => (clipId === null ? null : { clipId }));
  const player = useRef<HTMLDivElement>(null);
  // A clip link followed while the page is open (the same event) shows that clip.
  useEffect(() => {
    if (clipId !== null) setChosen({ clipId });
  }, [clipId]);
  const watch = (id: string) => {
    setChosen({ clipId: id });
    player.current?.scrollIntoView({ block: 'start' });
  };
  return (
    <article aria-labelledby="event-heading">
      {readOnly ? (
        <a href="#/clips" className="back">
          ← Clips
        </a>
      ) : (
        <a href="#/" className="back">
          ← Review
        </a>
      )}
      <h1 id="event-heading">
        {event.analysis?.title ?? titleOf(event)} <RiskBadge risk={event.analysis?.riskLevel ?? null} />
      </h1>
      <p className="muted">
        {event.camera} · {formatDateTime(event.startedAt)}
        {event.endedAt && ` · ${formatSeconds((Date.parse(event.endedAt) - Date.parse(event.startedAt)) / 1000)}`}
        {event.status === 'active' && ' · still going on'}
      </p>
      {event.status === 'active' && event.source !== 'folder' && event.source !== 'ftp' && <LiveNow camera={event.camera} />}
      {readOnly && <p className="muted">Recorded before HomeSec kept events: shown from its clip alone, with nothing to review.</p>}
      <div className="event-layout">
        <div ref={player}>
          <EventPlayer event={event} clips={clips} chosen={chosen} />
        </div>
        <div>
          <Account event={event} />
          <Decision event={event} alerted={detail.alerted} readOnly={readOnly} />
          {!readOnly && <Review event={event} />}
        </div>
      </div>
      <EventEngineering event={event} readOnly={readOnly} />
      <EventClips clips={clips} highlighted={clipId} onWatch={watch} readOnly={readOnly} />
    </article>
  );
}

/** "Was this right?" and the reviewed switch; opening the event reviews it, once per visit. */
function Review({ event }: { readonly event: CameraEvent }) {
  const reviewed = useSetReviewed(event.id);
  const { mutate } = reviewed;
  const needsReview = event.reviewedAt === null;
  // Decided once per visit when it first loads: marked unreviewed again below, it stays so.
  const decided = useRef(false);
  useEffect(() => {
    if (decided.current) return;
    decided.current = true;
    if (needsReview) mutate(true);
  }, [needsReview, mutate]);
  const isReviewed = reviewed.isPending ? reviewed.variables : event.reviewedAt !== null;
  return (
    <>
      <FeedbackPanel event={event} />
      <p>
        <button type="button" aria-pressed={isReviewed} onClick={() => reviewed.mutate(!isReviewed)}>
          {isReviewed ? 'Reviewed ✓' : 'Mark reviewed'}
        </button>
      </p>
    </>
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

function Decision({ event, alerted, readOnly }: { readonly event: CameraEvent; readonly alerted: boolean; readonly readOnly: boolean }) {
  const decision = event.decision;
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
      ) : readOnly ? (
        <p className="muted">{alerted ? 'It alerted; ' : 'It did not alert; '}clips of that time did not keep why.</p>
      ) : (
        <p className="muted">{event.status === 'active' ? 'Not decided yet.' : 'Nothing was found that could alert.'}</p>
      )}
    </section>
  );
}

function titleOf(event: CameraEvent): string {
  const what = event.labels[0]?.label ?? 'Motion';
  return `${what.charAt(0).toUpperCase()}${what.slice(1)} at ${event.camera.replace(/_/g, ' ')}`;
}
