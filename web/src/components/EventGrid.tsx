import { useEffect, useRef } from 'react';
import { useVirtualGrid } from '../hooks/useVirtualGrid';
import type { EventSummary } from '../review-contract';
import { EventCard } from './EventCard';

interface Props {
  readonly events: readonly EventSummary[];
  readonly label: string;
  readonly onToggleReviewed: (event: EventSummary) => void;
  /** Called when the last rows come near: the next page is loaded. */
  readonly onNearEnd: () => void;
}

// A card: 16:9 picture, then three lines of text (head, title, what was seen).
const SIZING = { minCardWidth: 260, gap: 12, cardHeight: (w: number) => (w * 9) / 16 + 88, overscanRows: 3 };

/** The review grid, virtualised: only the rows near the screen are in the page, however long the history. */
export function EventGrid({ events, label, onToggleReviewed, onNearEnd }: Props) {
  const container = useRef<HTMLDivElement>(null);
  const grid = useVirtualGrid(container, events.length, SIZING);
  const rows: EventSummary[][] = [];
  for (let row = grid.firstRow; row < grid.endRow; row++) rows.push(events.slice(row * grid.columns, (row + 1) * grid.columns));
  const totalRows = Math.ceil(events.length / grid.columns);

  useEffect(() => {
    if (grid.endRow >= totalRows - 2) onNearEnd();
  }, [grid.endRow, totalRows, onNearEnd]);

  return (
    <div
      ref={container}
      className="event-grid"
      style={{ height: grid.totalHeight }}
      role="list"
      aria-label={label}
      data-count={events.length}
    >
      {rows.map((cards, i) => {
        const row = grid.firstRow + i;
        return (
          <div
            key={row}
            className="event-row"
            style={{ top: row * grid.rowHeight, gridTemplateColumns: `repeat(${grid.columns}, minmax(0, 1fr))` }}
          >
            {cards.map((event, i) => (
              // Only the rows near the screen exist: position and set size tell a screen reader where it is.
              <div
                key={event.id}
                role="listitem"
                className="event-cell"
                aria-posinset={row * grid.columns + i + 1}
                aria-setsize={events.length}
              >
                <EventCard event={event} onToggleReviewed={onToggleReviewed} />
              </div>
            ))}
          </div>
        );
      })}
    </div>
  );
}
