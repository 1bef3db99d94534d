import { LangSwitch } from '../../components/LangSwitch.tsx';
import { useLang } from '../../i18n/index.ts';
import { navigate } from '../../routing/use-url-state.ts';
import { AdminNavLink } from '../admin/AdminNavLink.tsx';
import { useSession } from '../auth/session-context.ts';
import { UserMenu } from '../auth/UserMenu.tsx';
import { ReportDownload } from '../report/ReportDownload.tsx';
import { ReportNavLink } from '../reporting/ReportNavLink.tsx';
import { BasisSwitch } from '../units/BasisSwitch.tsx';
import { MapSwitch } from '../units/MapSwitch.tsx';
import { Breadcrumb } from './Breadcrumb.tsx';
import { PeriodPicker } from './PeriodPicker.tsx';
import type { DashboardView } from './view.ts';

export function AppHeader({ view }: { view: DashboardView | null }) {
  const { t } = useLang();
  const { home } = useSession();
  return (
    <header className="app-header">
      <div className="header-row">
        <p className="brand">
          <span className="brand-mark" aria-hidden="true">
            06
          </span>
          <span>{t('app.title')}</span>
        </p>
        <div className="toolbar no-print">
          <ReportNavLink />
          {view && <PeriodPicker periods={view.periods} period={view.period} until={view.lastPeriod} />}
          {view?.mapDiffers && <MapSwitch map={view.map} />}
          {view && <BasisSwitch />}
          {view?.unit && <ReportDownload unit={view.unitCode} period={view.period} map={view.map} />}
          {view?.unit && (
            <button type="button" onClick={() => navigate({ slide: 0 })} data-testid="meeting-open">
              <span aria-hidden="true">▶ </span>
              {t('nav.meeting')}
            </button>
          )}
          <button type="button" onClick={() => window.print()}>
            {t('nav.print')}
          </button>
        </div>
        <div className="header-end">
          <AdminNavLink />
          <LangSwitch />
          <UserMenu />
        </div>
      </div>
      {view && <Breadcrumb unit={view.unit} home={home} />}
    </header>
  );
}
