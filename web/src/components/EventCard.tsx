import { useRef, useState, type MouseEvent, type PointerEvent } from 'react';
import { formatClipTime } from '../format';
import { eventHref } from '../hooks/useHashRoute';
import { clipMediaUrl, eventMediaUrl } from '../paths';
import type { EventSummary } from '../review-contract';
import { RiskBadge } from './RiskBadge';

interface Props {
  readonly event: EventSummary;
  readonly onToggleReviewed: (event: EventSummary) => void;
}

/**
 * One event of the review grid: the picture (a short preview plays while it is hovered or focused; on a touch
 * screen the first tap plays it and the second opens the event),
 * what was seen, the risk and one line of summary. The picture and title are one link; the reviewed switch is
 * its own button beside it (a button inside a link is not allowed).
 */
export function EventCard({ event, onToggleReviewed }: Props) {
  const [previewing, setPreviewing] = useState(false);
  // A tap that started the preview does not also open the event.
  const tapStartedPreview = useRef(false);
  const picture = event.hasSnapshot ? eventMediaUrl(event.id, 'snapshot') : firstClipThumbnail(event);
  const canPreview = event.clipIds.length > 0 && !event.inProgress;
  const start = () => canPreview && setPreviewing(true);
  const stop = () => setPreviewing(false);
  const onPointerDown = (e: PointerEvent) => {
    if (e.pointerType !== 'touch' || previewing || !canPreview) return;
    tapStartedPreview.current = true;
    setPreviewing(true);
  };
  // A finger lifting "leaves" the card: only a mouse or pen leaving ends the preview.
  const onPointerLeave = (e: PointerEvent) => e.pointerType !== 'touch' && stop();
  const onLinkClick = (e: MouseEvent) => {
    if (!tapStartedPreview.current) return;
    tapStartedPreview.current = false;
    e.preventDefault();
  };
  return (
    <article
      className={`event-card${event.reviewed ? ' reviewed' : ''}`}
      data-event-id={event.id}
      data-reviewed={event.reviewed}
      onPointerEnter={(e) => e.pointerType !== 'touch' && start()}
      onPointerLeave={onPointerLeave}
      onPointerDown={onPointerDown}
      onFocus={start}
      onBlur={stop}
    >
      <a href={eventHref(event.id)} className="event-link" onClick={onLinkClick}>
        <div className="event-picture">
          {picture ? (
            <img src={picture} alt="" loading="lazy" />
          ) : (
            <span className="thumb-empty" aria-hidden="true">
              ▶
            </span>
          )}
          {previewing && (
            <video className="event-preview" src={eventMediaUrl(event.id, 'preview')} muted autoPlay loop playsInline aria-hidden="true" />
          )}
          {event.inProgress && <span className="live-badge">Live</span>}
        </div>
        <div className="event-body">
          <div className="event-head">
            <span className="camera">{event.camera}</span>
            <time dateTime={event.startedAt}>{formatClipTime(event.startedAt)}</time>
            <RiskBadge risk={event.riskLevel} />
            {event.alerted && <span className="badge alerted">alert</span>}
          </div>
          <div className="event-title">{event.title ?? fallbackTitle(event)}</div>
          <div className="event-summary muted">{event.labels.length > 0 ? event.labels.join(', ') : 'nothing detected'}</div>
        </div>
      </a>
      <button
        type="button"
        className="review-toggle"
        aria-pressed={event.reviewed}
        onClick={() => onToggleReviewed(event)}
        aria-label={`Reviewed: ${event.camera} ${formatClipTime(event.startedAt)}`}
      >
        <span aria-hidden="true">{event.reviewed ? '✓' : '○'}</span>
      </button>
    </article>
  );
}

function firstClipThumbnail(event: EventSummary): string | null {
  const first = event.clipIds[0];
  return first ? clipMediaUrl(first, 'thumbnail') : null;
}

/** Without a VLM title: what was seen where, in a few words (the reason for the decision is on the event's page). */
function fallbackTitle(event: EventSummary): string {
  const where = event.camera.replace(/_/g, ' ');
  const what = event.labels[0];
  if (what) return `${what.charAt(0).toUpperCase()}${what.slice(1)} at ${where}`;
  return event.inProgress ? `Activity at ${where}…` : `Motion at ${where}`;
}
