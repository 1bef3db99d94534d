import type { ReactNode } from 'react';
import { hrefFor, navigate } from '../../routing/use-url-state.ts';

/** A link to a unit that keeps the period and KPI, opens in a new tab when asked, and pushes history. */
export function UnitLink({ code, children, className, label }: { code: string; children: ReactNode; className?: string; label?: string }) {
  return (
    <a
      href={hrefFor({ unit: code, slide: null })}
      className={className}
      aria-label={label}
      data-unit={code}
      onClick={(e) => {
        if (e.metaKey || e.ctrlKey || e.shiftKey || e.button !== 0) return;
        e.preventDefault();
        navigate({ unit: code });
        window.scrollTo({ top: 0 });
      }}
    >
      {children}
    </a>
  );
}
