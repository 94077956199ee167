import type { ReactNode } from 'react';

/**
 * A table that may be wider than a phone scrolls inside this box, never the page. The box is focusable and
 * named, so keyboard users can scroll it too (axe's scrollable-region-focusable).
 */
export function TableScroll({ label, children }: { readonly label: string; readonly children: ReactNode }) {
  return (
    <div className="table-scroll" role="region" aria-label={label} tabIndex={0}>
      {children}
    </div>
  );
}
