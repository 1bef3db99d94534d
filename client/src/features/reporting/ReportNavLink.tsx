import './nav.css';
import { useQuery } from '@tanstack/react-query';
import { useLang } from '../../i18n/index.ts';
import { useSession } from '../auth/session-context.ts';
import { periodsQuery } from '../catalog/queries.ts';
import { onLinkClick, reportHref } from './routes.ts';
import { defaultReportPeriod } from './unit-life.ts';

/**
 * "Báo cáo tháng": the signed-in user's home unit, for the period open for reporting; for an
 * account whose unit ended, its last month (the latest it can read).
 */
export function ReportNavLink() {
  const { t } = useLang();
  const { session, home } = useSession();
  const periods = useQuery(periodsQuery());
  if (session.state !== 'signed-in') return null;
  const href = reportHref(home, periods.data ? defaultReportPeriod(periods.data, session.me.user.unit) : null);
  return (
    <a className="nav-button" href={href} onClick={onLinkClick(href)} data-testid="nav-report">
      <span aria-hidden="true">✎</span>
      {t('reporting.nav')}
    </a>
  );
}
