import type { ReactNode } from 'react';
import { useLinkPlace } from '../../routing/link-place.ts';
import { unitLinkPatch } from '../../routing/url-state.ts';
import { hrefFor, navigate } from '../../routing/use-url-state.ts';

/**
 * A link to a unit that keeps the KPI and carries the period and map on screen (a code names
 * different units on different maps), opens in a new tab when asked, and pushes history.
 */
export function UnitLink({ code, children, className, label }: { code: string; children: ReactNode; className?: string; label?: string }) {
  const place = useLinkPlace();
  const patch = unitLinkPatch(code, place);
  return (
    <a
      href={hrefFor(patch)}
      className={className}
      aria-label={label}
      data-unit={code}
      onClick={(e) => {
        if (e.metaKey || e.ctrlKey || e.shiftKey || e.button !== 0) return;
        e.preventDefault();
        navigate(patch);
        window.scrollTo({ top: 0 });
      }}
    >
      {children}
    </a>
  );
}
