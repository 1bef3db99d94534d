import { LangSwitch } from '../../components/LangSwitch.tsx';
import { useLang } from '../../i18n/index.ts';
import { navigate } from '../../routing/use-url-state.ts';
import { AdminNavLink } from '../admin/AdminNavLink.tsx';
import { useSession } from '../auth/session-context.ts';
import { UserMenu } from '../auth/UserMenu.tsx';
import { NotificationBell } from '../notifications/NotificationBell.tsx';
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
          <span className="brand-name">{t('app.title')}</span>
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
          {/* a printer on a laptop, where the row is short of room; the words on a phone and a projector */}
          <button type="button" className="print-button" onClick={() => window.print()} title={t('nav.print')}>
            <svg className="print-icon" viewBox="0 0 24 24" width="18" height="18" aria-hidden="true" focusable="false">
              <path
                fill="currentColor"
                d="M6 2h12v5H6zM4 8h16a2 2 0 0 1 2 2v7h-4v5H6v-5H2v-7a2 2 0 0 1 2-2zm4 8v4h8v-4zm10-5a1 1 0 1 0 0 2 1 1 0 0 0 0-2z"
              />
            </svg>
            <span className="print-label">{t('nav.print')}</span>
          </button>
        </div>
        <div className="header-end">
          <AdminNavLink />
          <LangSwitch />
          <NotificationBell />
          <UserMenu />
        </div>
      </div>
      {view && <Breadcrumb unit={view.unit} home={home} />}
    </header>
  );
}
