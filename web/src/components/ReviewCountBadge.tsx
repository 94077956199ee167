import { useQuery } from '@tanstack/react-query';
import { reviewCountsQuery } from '../review-queries';

/** Unreviewed alerts, beside "Review" in the header; nothing when there are none (or the count is not known). */
export function ReviewCountBadge() {
  const { data } = useQuery(reviewCountsQuery);
  if (!data || data.unreviewedAlerts === 0) return null;
  return (
    <span className="count-badge nav-count" data-unreviewed={data.unreviewedAlerts}>
      {data.unreviewedAlerts}
      <span className="sr-only"> unreviewed {data.unreviewedAlerts === 1 ? 'alert' : 'alerts'}</span>
    </span>
  );
}
