import { useQuery } from '@tanstack/react-query';
import { useCallback, useState } from 'react';
import { failureText } from '../api';
import { EventGrid } from '../components/EventGrid';
import { NoCamerasPrompt } from '../components/camera-setup/NoCamerasPrompt';
import { useCameras } from '../hooks/useCameras';
import { useEvents } from '../hooks/useEvents';
import { useMarkAllReviewed, useToggleReviewed } from '../hooks/useReviewActions';
import type { EventSummary } from '../review-contract';
import { DEFAULT_EVENT_FILTERS, reviewCountsQuery, type EventFilters, type ReviewTab } from '../review-queries';
import './review.css';

const TABS: readonly { readonly tab: ReviewTab; readonly label: string }[] = [
  { tab: 'alerts', label: 'Alerts' },
  { tab: 'detections', label: 'Detections' },
  { tab: 'all', label: 'All' },
];

/** Review by event, newest first: alerts, detections or everything; reviewed per event or all at once. */
export function ReviewPage() {
  const [filters, setFilters] = useState<EventFilters>(DEFAULT_EVENT_FILTERS);
  // What the user has seen: "mark all reviewed" never touches an event that arrived after the page showed.
  const [seenAt, setSeenAt] = useState(() => new Date().toISOString());
  const list = useEvents(filters);
  const counts = useQuery(reviewCountsQuery);
  const { cameras } = useCameras();
  const toggle = useToggleReviewed();
  const markAll = useMarkAllReviewed();
  const onToggle = useCallback((event: EventSummary) => toggle.mutate({ id: event.id, reviewed: !event.reviewed }), [toggle]);
  const set = (next: Partial<EventFilters>) => {
    setFilters({ ...filters, ...next });
    setSeenAt(new Date().toISOString());
  };
  const nothingToMark = list.complete && !list.events.some((e) => !e.reviewed);
  const onMarkAll = () => {
    if (markAll.isPending || nothingToMark) return;
    const body = {
      before: new Date(Math.max(Date.parse(seenAt), Date.now())).toISOString(),
      ...(filters.camera ? { camera: filters.camera } : {}),
      ...(filters.tab === 'alerts' ? { alerted: true } : filters.tab === 'detections' ? { triggered: true } : {}),
    };
    markAll.mutate(body);
  };

  return (
    <section aria-labelledby="review-heading">
      <h1 id="review-heading">Review</h1>
      <NoCamerasPrompt />
      <div className="review-bar">
        <div className="tabs" role="group" aria-label="Show">
          {TABS.map(({ tab, label }) => (
            <button key={tab} type="button" aria-pressed={filters.tab === tab} onClick={() => set({ tab })}>
              {label}
              {tab === 'alerts' && counts.data && counts.data.unreviewedAlerts > 0 && (
                <span className="count-badge">
                  {counts.data.unreviewedAlerts}
                  <span className="sr-only"> unreviewed</span>
                </span>
              )}
            </button>
          ))}
        </div>
        <select aria-label="Camera" value={filters.camera} onChange={(e) => set({ camera: e.target.value })}>
          <option value="">All cameras</option>
          {(cameras ?? []).map(({ name }) => (
            <option key={name} value={name}>
              {name}
            </option>
          ))}
        </select>
        <label className="check">
          <input type="checkbox" checked={filters.unreviewedOnly} onChange={(e) => set({ unreviewedOnly: e.target.checked })} />
          Unreviewed only
        </label>
        <button type="button" className="mark-all" onClick={onMarkAll} aria-disabled={markAll.isPending || nothingToMark}>
          Mark all reviewed
        </button>
      </div>
      {markAll.isSuccess && (
        <p className="muted" role="status">
          {markAll.data.marked} marked reviewed.
        </p>
      )}
      {(list.error ?? markAll.error) && (
        <p className="error-text" role="alert">
          {list.error ? `Could not load events: ${list.error}` : failureText(markAll.error)}
        </p>
      )}
      {toggle.isError && (
        <p className="error-text" role="alert">
          {failureText(toggle.error)}
        </p>
      )}
      <EventGrid events={list.events} label="Events" onToggleReviewed={onToggle} onNearEnd={list.loadMore} />
      {!list.loading && list.events.length === 0 && !list.error && <p className="empty">{emptyText(filters)}</p>}
      <div className="sentinel" aria-busy={list.loading}>
        {list.loading && <span className="muted">Loading…</span>}
      </div>
    </section>
  );
}

function emptyText(f: EventFilters): string {
  if (f.unreviewedOnly) return 'All caught up: nothing left to review.';
  if (f.tab === 'alerts') return 'No alerts yet.';
  if (f.tab === 'detections') return 'No detections yet.';
  return 'No events yet.';
}
