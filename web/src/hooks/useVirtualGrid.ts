import { useEffect, useLayoutEffect, useState, type RefObject } from 'react';

export interface GridLayout {
  readonly columns: number;
  /** Height of one row of cards, the gap below it included. */
  readonly rowHeight: number;
  readonly cardWidth: number;
  /** First and last row (exclusive) to render. */
  readonly firstRow: number;
  readonly endRow: number;
  readonly totalHeight: number;
}

export interface GridSizing {
  /** Cards are at least this wide; the columns share what is left. */
  readonly minCardWidth: number;
  readonly gap: number;
  /** The card's height for a given width (a 16:9 picture plus its text). */
  readonly cardHeight: (width: number) => number;
  /** Rows rendered above and below the window, so fast scrolling and Tab never meet an empty row. */
  readonly overscanRows: number;
}

/**
 * A window-scrolled grid that renders only the rows near the viewport: 10 000 events cost as much DOM as a
 * screenful. Columns follow the container's width; rows have one height, so where a row sits is arithmetic.
 */
export function useVirtualGrid(container: RefObject<HTMLElement | null>, count: number, sizing: GridSizing): GridLayout {
  const [width, setWidth] = useState(0);
  const [view, setView] = useState({ top: 0, height: 800 });

  useLayoutEffect(() => {
    const element = container.current;
    if (!element) return;
    const observer = new ResizeObserver(() => setWidth(element.clientWidth));
    observer.observe(element);
    setWidth(element.clientWidth);
    return () => observer.disconnect();
  }, [container]);

  useEffect(() => {
    let frame = 0;
    const measure = () => {
      frame = 0;
      const element = container.current;
      if (!element) return;
      // How far the window has scrolled past the grid's top edge.
      const top = -element.getBoundingClientRect().top;
      setView((old) => (old.top === top && old.height === window.innerHeight ? old : { top, height: window.innerHeight }));
    };
    const onScroll = () => {
      if (frame === 0) frame = requestAnimationFrame(measure);
    };
    measure();
    window.addEventListener('scroll', onScroll, { passive: true });
    window.addEventListener('resize', onScroll);
    return () => {
      window.removeEventListener('scroll', onScroll);
      window.removeEventListener('resize', onScroll);
      if (frame !== 0) cancelAnimationFrame(frame);
    };
  }, [container]);

  const usable = Math.max(sizing.minCardWidth, width);
  const columns = Math.max(1, Math.floor((usable + sizing.gap) / (sizing.minCardWidth + sizing.gap)));
  const cardWidth = (usable - sizing.gap * (columns - 1)) / columns;
  const rowHeight = Math.ceil(sizing.cardHeight(cardWidth)) + sizing.gap;
  const rows = Math.ceil(count / columns);
  const firstRow = Math.max(0, Math.floor(view.top / rowHeight) - sizing.overscanRows);
  const endRow = Math.min(rows, Math.ceil((view.top + view.height) / rowHeight) + sizing.overscanRows);
  return { columns, rowHeight, cardWidth, firstRow, endRow, totalHeight: Math.max(0, rows * rowHeight - sizing.gap) };
}
