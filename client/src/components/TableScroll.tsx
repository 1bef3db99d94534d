import type { ReactNode } from 'react';

/** A table that may scroll sideways or down: focusable and named so keyboard users can scroll it too. */
export function TableScroll({ label, children, className }: { label: string; children: ReactNode; className?: string }) {
  return (
    // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrollable region must take focus to be scrolled by keyboard (WCAG 2.1.1)
    <section className={className ? `table-scroll ${className}` : 'table-scroll'} tabIndex={0} aria-label={label}>
      {children}
    </section>
  );
}
