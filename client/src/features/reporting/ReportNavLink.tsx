import './nav.css';
import { useQuery } from '@tanstack/react-query';
import { useLang } from '../../i18n/index.ts';
import { useSession } from '../auth/session-context.ts';
import { periodsQuery } from '../catalog/queries.ts';
import { openPeriod } from './report-view.ts';
import { onLinkClick, reportHref } from './routes.ts';

/** "Báo cáo tháng": the signed-in user's home unit, for the period open for reporting. */
export function ReportNavLink() {
  const { t } = useLang();
  const { session, home } = useSession();
  const periods = useQuery(periodsQuery());
  if (session.state !== 'signed-in') return null;
  const href = reportHref(home, periods.data ? (openPeriod(periods.data) ?? periods.data.at(-1)?.period ?? null) : null);
  return (
    <a className="nav-button" href={href} onClick={onLinkClick(href)} data-testid="nav-report">
      <span aria-hidden="true">✎</span>
      {t('reporting.nav')}
    </a>
  );
}
