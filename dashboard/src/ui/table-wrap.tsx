// A wide table's scrolling box (.table-wrap): on a phone it scrolls sideways, so it is a named
// region a keyboard can focus and scroll even when the table holds nothing focusable.
import type { ReactNode } from 'react';

export function TableWrap({ label, children }: { label: string; children: ReactNode }) {
  return <div className="table-wrap" role="region" aria-label={label} tabIndex={0}>{children}</div>;
}
