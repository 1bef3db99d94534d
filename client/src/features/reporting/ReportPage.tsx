import { useQuery } from '@tanstack/react-query';
import { ErrorPanel, Loading, QueryState } from '../../components/QueryState.tsx';
import { formatDate, formatPeriod } from '../../i18n/format.ts';
import { useLang } from '../../i18n/index.ts';
import { useUrlState } from '../../routing/use-url-state.ts';
import { useSession } from '../auth/session-context.ts';
import { periodsQuery } from '../catalog/queries.ts';
import { unitQuery } from '../units/queries.ts';
import { BulkImport } from './BulkImport.tsx';
import { PeriodSelect } from './PeriodSelect.tsx';
import { reportQuery } from './queries.ts';
import { ReportForm } from './ReportForm.tsx';
import { openPeriod } from './report-view.ts';
import { dashboardHref, goTo, lateHref, onLinkClick, reportHref } from './routes.ts';
import { UnitsBelow } from './UnitsBelow.tsx';

export function ReportPage() {
  const { t, lang } = useLang();
  const [url] = useUrlState();
  const { home, session } = useSession();
  const periods = useQuery(periodsQuery());
  const unit = url.unit ?? home;
  const period = url.period ?? (periods.data ? (openPeriod(periods.data) ?? periods.data.at(-1)?.period ?? null) : null);
  const report = useQuery({ ...reportQuery(unit, period ?? ''), enabled: period !== null });
  const unitInfo = useQuery(unitQuery(unit));
  const role = session.state === 'signed-in' ? session.me.user.role : null;
  const user = session.state === 'signed-in' ? session.me.user.username : 'anonymous';

  if (periods.error && !periods.data) return <ErrorPanel error={periods.error} onRetry={() => void periods.refetch()} />;
  if (!periods.data || period === null) return <Loading />;
  const decides = role === 'approver' || role === 'secretariat' || role === 'admin';
  const hasChildren = (unitInfo.data?.children.length ?? 0) > 0;

  return (
    <>
      <nav className="report-nav" aria-label={t('reporting.nav')}>
        <a href={dashboardHref(unit, period)} onClick={onLinkClick(dashboardHref(unit, period))}>
          ← {t('reporting.toDashboard')}
        </a>
        {decides && hasChildren && <a href="#units-below-heading">{t('reporting.below.heading')}</a>}
        {hasChildren && (
          <a href={lateHref(unit, period)} onClick={onLinkClick(lateHref(unit, period))} data-testid="late-link">
            {t('reporting.lateLink')}
          </a>
        )}
      </nav>
      <div className="report-top">
        <div>
          <h1 data-testid="report-heading">
            {t('reporting.title', { unit: report.data?.unit.name ?? unitInfo.data?.name ?? unit })}
            {' — '}
            {formatPeriod(period, lang)}
          </h1>
          {report.data && (
            <p className="muted">
              {t('reporting.window', {
                from: formatDate(report.data.from, lang),
                to: formatDate(report.data.to, lang),
                deadline: formatDate(report.data.deadline, lang),
              })}
            </p>
          )}
        </div>
        <PeriodSelect periods={periods.data} value={period} onChange={(p) => goTo(reportHref(unit, p))} />
      </div>
      <QueryState query={report}>
        {(r) => (
          <ReportForm key={`${user}:${r.unit.code}:${r.period}`} report={r} user={user} role={role} refetch={() => report.refetch()} />
        )}
      </QueryState>
      {decides && hasChildren && unitInfo.data && (
        <>
          <UnitsBelow units={unitInfo.data.children} period={period} />
          <BulkImport unit={unit} period={period} />
        </>
      )}
    </>
  );
}
