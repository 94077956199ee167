import { useCallback, useEffect, useRef, useState } from 'react';
import { ClipCard } from '../components/ClipCard';
import { NoCamerasPrompt } from '../components/camera-setup/NoCamerasPrompt';
import { FilterBar } from '../components/FilterBar';
import { NO_FILTERS, type ClipFilters } from '../filters';
import { useTimeline } from '../hooks/useTimeline';

/** Every clip, newest first, live; scrolling to the end loads older ones. */
export function TimelinePage() {
  const [filters, setFilters] = useState<ClipFilters>(NO_FILTERS);
  const onFilters = useCallback((next: ClipFilters) => setFilters(next), []);
  const timeline = useTimeline(filters);
  const sentinel = useRef<HTMLDivElement>(null);
  const { loadMore } = timeline;

  useEffect(() => {
    const element = sentinel.current;
    if (!element) return;
    const observer = new IntersectionObserver(
      (entries) => {
        if (entries.some((entry) => entry.isIntersecting)) loadMore();
      },
      { rootMargin: '400px' },
    );
    observer.observe(element);
    return () => observer.disconnect();
  }, [loadMore]);

  return (
    <section aria-labelledby="timeline-heading">
      <h1 id="timeline-heading">Clips</h1>
      <NoCamerasPrompt />
      <FilterBar filters={filters} onChange={onFilters} />
      {timeline.error && (
        <p className="error-text" role="alert">
          Could not load clips: {timeline.error}
        </p>
      )}
      <ul className="clip-list" aria-label="Clips" aria-busy={timeline.loading}>
        {timeline.clips.map((clip) => (
          <ClipCard key={clip.id} clip={clip} />
        ))}
      </ul>
      {!timeline.loading && timeline.clips.length === 0 && !timeline.error && (
        <p className="empty">No clips {filters === NO_FILTERS ? 'yet' : 'match these filters'}.</p>
      )}
      <div ref={sentinel} className="sentinel">
        {timeline.loading && <span className="muted">Loading…</span>}
        {!timeline.loading && !timeline.complete && timeline.clips.length > 0 && (
          <button type="button" className="text-button" onClick={loadMore}>
            Load older clips
          </button>
        )}
      </div>
    </section>
  );
}
