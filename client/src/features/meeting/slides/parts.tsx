import type { Kpi } from '@tiendo/shared';
import type { ReactNode } from 'react';
import { ErrorPanel, Loading } from '../../../components/QueryState.tsx';
import { formatNumber, formatPercent, formatShare, type Lang } from '../../../i18n/format.ts';

/** A big number with its words under it: what the back of the room reads first. */
export function Tile({ n, label, tone, testId }: { n: string; label: ReactNode; tone?: string; testId?: string }) {
  return (
    <div className={`deck-tile${tone ? ` tone-${tone}` : ''}`}>
      <span className="deck-tile-n" data-testid={testId}>
        {n}
      </span>
      <span className="deck-tile-label">{label}</span>
    </div>
  );
}

/** The slide's one sentence when there is nothing to show: said plainly, in large type. */
export function SlideEmpty({ children, testId }: { children: ReactNode; testId?: string }) {
  return (
    <p className="deck-empty" role="status" data-testid={testId}>
      {children}
    </p>
  );
}

/** Loading and errors of a slide's queries, in the slide's own space. */
export function SlideQueries({
  error,
  loading,
  retry,
  children,
}: {
  error: unknown;
  loading: boolean;
  retry: () => void;
  children: () => ReactNode;
}) {
  if (error) return <ErrorPanel error={error} onRetry={retry} />;
  if (loading) return <Loading />;
  return <>{children()}</>;
}

/**
 * A figure beside its target as the dashboard writes them: a percentage never rounded up into
 * 100 % or into the target it has not reached.
 */
export function valueText(kind: Kpi['kind'], value: number | null, target: number | null | undefined, lang: Lang): string {
  if (kind === 'ratio') return formatShare(value, lang, target);
  return formatNumber(value, lang);
}

export function targetText(kind: Kpi['kind'], target: number | null | undefined, lang: Lang): string {
  if (target === null || target === undefined) return '—';
  return kind === 'ratio' ? formatPercent(target, lang, 1) : formatNumber(target, lang);
}
