import type { ReactNode } from 'react';
import { useErrorText } from '../api/errors.ts';
import { HttpError } from '../api/http.ts';
import { useSession } from '../features/auth/session-context.ts';
import { formatPeriod } from '../i18n/format.ts';
import { useLang } from '../i18n/index.ts';
import { hrefFor, navigate } from '../routing/use-url-state.ts';

export function Loading({ label }: { label?: string }) {
  const { t } = useLang();
  return (
    <div className="loading" role="status" aria-live="polite">
      <span className="spinner" aria-hidden="true" />
      {label ?? t('common.loading')}
    </div>
  );
}

export function Empty({ children }: { children: ReactNode }) {
  return (
    <p className="empty" role="status">
      {children}
    </p>
  );
}

/**
 * "You don't have access to this unit", with the refusal in words when the server gave one and the way
 * back to the reader's own unit. An account whose unit has ended is told it reads that unit's
 * history only, and is led back to the unit's last period.
 */
export function AccessDenied({ error }: { error?: unknown }) {
  const { t, lang } = useLang();
  const { home, homeName, session } = useSession();
  const ended = session.state === 'signed-in' ? (session.me.user.unit.validTo ?? null) : null;
  const u = session.state === 'signed-in' ? session.me.user.unit : null;
  const fullName = u ? `${u.type.charAt(0).toLocaleUpperCase('vi')}${u.type.slice(1)} ${u.name}` : (homeName ?? home);
  const back = ended ? { unit: home, period: ended, map: 'period' as const, slide: null } : { unit: home };
  const said = useErrorText()(error);
  // a 403 without our error body has nothing to add to the panel's own words
  const saysWhy = error instanceof HttpError && error.serverMessage !== null;
  return (
    <div className="error-panel forbidden" role="alert" data-testid="forbidden">
      <h2>{t('auth.forbiddenTitle')}</h2>
      {saysWhy && <p data-testid="forbidden-message">{said}</p>}
      <p>{ended ? t('mapView.readOnlyHistory', { unit: fullName, period: formatPeriod(ended, lang) }) : t('auth.forbiddenBody')}</p>
      <a
        href={hrefFor(back)}
        onClick={(e) => {
          e.preventDefault();
          navigate(back);
        }}
      >
        {ended
          ? t('mapView.backToLast', { unit: homeName ?? home, period: formatPeriod(ended, lang) })
          : t('auth.backHome', { unit: homeName ?? home })}
      </a>
    </div>
  );
}

export function ErrorPanel({ error, onRetry }: { error: unknown; onRetry?: () => void }) {
  const { t } = useLang();
  const detail = useErrorText()(error);
  if (error instanceof HttpError && error.status === 403) return <AccessDenied error={error} />;
  return (
    <div className="error-panel" role="alert">
      <p>
        <strong>{t('common.errorTitle')}</strong>
        {': '}
        {detail}
      </p>
      {onRetry && (
        <button type="button" onClick={onRetry}>
          {t('common.retry')}
        </button>
      )}
    </div>
  );
}

interface QueryLike<T> {
  data: T | undefined;
  error: unknown;
  isPending: boolean;
  refetch: () => unknown;
}

/** Loading that ends, errors with a retry, then the content. */
export function QueryState<T>({ query, children }: { query: QueryLike<T>; children: (data: T) => ReactNode }) {
  if (query.error && query.data === undefined) return <ErrorPanel error={query.error} onRetry={() => void query.refetch()} />;
  if (query.isPending || query.data === undefined) return <Loading />;
  return <>{children(query.data)}</>;
}
