import { useQuery } from '@tanstack/react-query';
import { roleMay } from '@tiendo/shared/permissions';
import { ErrorPanel, Loading, QueryState } from '../../components/QueryState.tsx';
import { formatDate, formatPeriod } from '../../i18n/format.ts';
import { useLang } from '../../i18n/index.ts';
import { useUrlState } from '../../routing/use-url-state.ts';
import { useSession } from '../auth/session-context.ts';
import { periodsQuery } from '../catalog/queries.ts';
import { ProposalsInbox, ProposalsPanel } from '../followup/ProposalsPanel.tsx';
import { TasksPanel } from '../followup/TasksPanel.tsx';
import { unitQuery } from '../units/queries.ts';
import { BulkImport } from './BulkImport.tsx';
import { PeriodSelect } from './PeriodSelect.tsx';
import { reportQuery } from './queries.ts';
import { ReportForm } from './ReportForm.tsx';
import { perspective } from './report-view.ts';
import { dashboardHref, goTo, lateHref, onLinkClick, reportHref } from './routes.ts';
import { EndedAccountBanner, LineageNote, NotInPeriodPanel, useFormerParents, useHomeLife } from './UnitLife.tsx';
import { UnitsBelow } from './UnitsBelow.tsx';
import { defaultReportPeriod, endedBefore, notInPeriodOf } from './unit-life.ts';

export function ReportPage() {
  const { t, lang } = useLang();
  const [url] = useUrlState();
  const { home, session } = useSession();
  const homeLife = useHomeLife();
  const periods = useQuery(periodsQuery());
  const unit = url.unit ?? home;
  // an account whose unit ended opens on the unit's last month, the latest it can read
  const period = url.period ?? (periods.data ? defaultReportPeriod(periods.data, homeLife) : null);
  const report = useQuery({ ...reportQuery(unit, period ?? ''), enabled: period !== null });
  // the unit as it was in this period, on that period's map: its units below are that period's
  const unitInfo = useQuery({ ...unitQuery(unit, period, 'period'), enabled: period !== null });
  const formerOf = useFormerParents(unitInfo.data, period ?? '');
  const role = session.state === 'signed-in' ? session.me.user.role : null;
  const user = session.state === 'signed-in' ? session.me.user.username : 'anonymous';

  if (periods.error && !periods.data) return <ErrorPanel error={periods.error} onRetry={() => void periods.refetch()} />;
  if (!periods.data || period === null) return <Loading />;
  const decides = role !== null && roleMay(role, 'report.decide');
  const hasChildren = (unitInfo.data?.children.length ?? 0) > 0;
  const homeEnded = endedBefore(homeLife, defaultReportPeriod(periods.data, null));
  // the account's unit ended before this month: nothing to change here (the server refuses too)
  const afterEnd = endedBefore(homeLife, period);
  // a locked month takes imports from the secretariat only (the server refuses others): offer it to them only
  const imports = !afterEnd && (!report.data?.locked || (role !== null && roleMay(role, 'report.enter-locked')));
  const nip = notInPeriodOf(report.error) ?? notInPeriodOf(unitInfo.error);
  // Tasks and proposals are reported while the period is open, whatever the report's own state.
  const open = periods.data.find((p) => p.period === period)?.state === 'open';
  const writes = open && !afterEnd && role !== null && roleMay(role, ['task.progress', 'proposal.raise']);
  const answers = role !== null && roleMay(role, 'proposal.answer') && !afterEnd;

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
      {homeEnded && <EndedAccountBanner />}
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
        <PeriodSelect periods={periods.data} value={period} home={homeLife} onChange={(p) => goTo(reportHref(unit, p))} />
      </div>
      {unitInfo.data && <LineageNote unit={unitInfo.data} hrefOf={reportHref} hideSuccessors={unit === home && homeEnded} />}
      {/* the approver's own work comes first: the units waiting for review, above the unit's own form */}
      {!nip && decides && hasChildren && unitInfo.data && (
        <UnitsBelow unit={unit} units={unitInfo.data.children} period={period} formerOf={formerOf} />
      )}
      {nip ? (
        <NotInPeriodPanel nip={nip} code={unit} period={period} hrefOf={reportHref} />
      ) : (
        <QueryState query={report}>
          {(r) => (
            <ReportForm
              key={`${user}:${r.unit.code}:${r.period}`}
              report={afterEnd ? { ...r, editable: false, canDecide: false, canReopen: false } : r}
              user={user}
              role={role}
              afterEnd={afterEnd}
              reviewer={perspective(r, home, role) === 'reviewer'}
              refetch={() => report.refetch()}
            />
          )}
        </QueryState>
      )}
      {!nip && unitInfo.data && (
        <>
          <TasksPanel unit={unit} period={period} editable={writes} />
          {unitInfo.data.parent && <ProposalsPanel unit={unit} period={period} canRaise={writes} />}
          {hasChildren && <ProposalsInbox unit={unit} unitName={unitInfo.data.name} period={period} canDecide={answers} />}
        </>
      )}
      {!nip && decides && hasChildren && unitInfo.data && imports && <BulkImport unit={unit} period={period} />}
    </>
  );
}
