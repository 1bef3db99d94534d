import { administersProgramme, roleMay } from '@tiendo/shared/permissions';
import type { ReactNode } from 'react';
import { useLang } from '../../i18n/index.ts';
import { useSession } from '../auth/session-context.ts';
import { AppHeader } from '../dashboard/AppHeader.tsx';
import { AuditPanel } from './AuditPanel.tsx';
import type { AdminRoute } from './admin-route.ts';
import { CalendarPanel } from './CalendarPanel.tsx';
import { KpiEditorPage } from './KpiEditor.tsx';
import { KpisPanel } from './KpisPanel.tsx';
import { SignersPanel } from './SignersPanel.tsx';
import { UsersPanel } from './UsersPanel.tsx';
import { goAdmin, goTo, useAdminRoute } from './use-admin-route.ts';
import './admin.css';

const TABS: AdminRoute['tab'][] = ['users', 'kpis', 'calendar', 'signers', 'audit'];

/** Quản trị: accounts for the secretariat's subtree; catalogue, targets and calendar for the top level. */
export default function AdminPage() {
  const { t } = useLang();
  const { session } = useSession();
  const route = useAdminRoute();
  const me = session.state === 'signed-in' ? session.me.user : null;
  const allowed = me !== null && roleMay(me.role, 'users.administer');
  // The catalogue, targets and calendar belong to the whole programme: top-level secretariat or admin.
  const topLevel = session.state === 'signed-in' && administersProgramme({ role: session.me.user.role, atTop: session.me.atTop });

  let body: ReactNode;
  if (!me || !allowed) {
    body = (
      <p className="error-panel" role="alert">
        {t('admin.forbidden')}
      </p>
    );
  } else if (route.tab === 'users') {
    body = <UsersPanel myRole={me.role} myUsername={me.username} />;
  } else if (route.tab === 'kpis') {
    body = route.kpi || route.isNew ? <KpiEditorPage code={route.kpi} canEdit={topLevel} /> : <KpisPanel canEdit={topLevel} />;
  } else if (route.tab === 'signers') {
    body = <SignersPanel home={me.unit} />;
  } else if (route.tab === 'audit') {
    body = <AuditPanel />;
  } else {
    body = <CalendarPanel canEdit={topLevel} />;
  }

  return (
    <>
      <a className="skip-link" href="#main">
        {t('app.skipToContent')}
      </a>
      <AppHeader view={null} />
      <main id="main" tabIndex={-1} className="admin">
        <div className="admin-top">
          <h1>{t('admin.title')}</h1>
          <a
            href="/"
            onClick={(e) => {
              e.preventDefault();
              goTo('/');
            }}
          >
            ← {t('admin.backToDashboard')}
          </a>
        </div>
        {allowed && (
          <nav className="admin-tabs" aria-label={t('admin.title')}>
            {TABS.map((tab) => (
              <a
                key={tab}
                href={`/admin/${tab}`}
                aria-current={route.tab === tab ? 'page' : undefined}
                onClick={(e) => {
                  e.preventDefault();
                  goAdmin(tab === 'kpis' ? { tab, kpi: null, isNew: false } : { tab });
                }}
                data-testid={`admin-tab-${tab}`}
              >
                {tab === 'audit' ? t('audit.tab') : t(`admin.tabs.${tab}`)}
              </a>
            ))}
          </nav>
        )}
        {allowed && !topLevel && route.tab !== 'users' && route.tab !== 'signers' && route.tab !== 'audit' && (
          <p className="note">{t('admin.topOnly')}</p>
        )}
        {body}
      </main>
    </>
  );
}
