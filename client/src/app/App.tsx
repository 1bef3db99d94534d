import { useQuery } from '@tanstack/react-query';
import { lazy, Suspense, useMemo } from 'react';
import { ErrorPanel, Loading } from '../components/QueryState.tsx';
import { isAdminPath } from '../features/admin/admin-route.ts';
import { ChangePasswordPage } from '../features/admin/ChangePasswordPage.tsx';
import { usePathname } from '../features/admin/use-admin-route.ts';
import { LoginPage } from '../features/auth/LoginPage.tsx';
import { homeUnit, sessionQuery } from '../features/auth/queries.ts';
import { SessionContext, type SessionValue } from '../features/auth/session-context.ts';
import { DashboardPage } from '../features/dashboard/DashboardPage.tsx';
import { isReportingPath } from '../features/reporting/routes.ts';

const ReportingPage = lazy(() => import('../features/reporting/ReportingPage.tsx'));

const AdminPage = lazy(() => import('../features/admin/AdminPage.tsx'));
const TokensPage = lazy(() => import('../features/tokens/TokensPage.tsx'));

/** Who is looking decides what opens: the login page, or the dashboard on their home unit. */
export function App() {
  const session = useQuery(sessionQuery());
  const pathname = usePathname();
  const value = useMemo<SessionValue | null>(() => {
    const s = session.data;
    if (!s) return null;
    return { session: s, home: homeUnit(s), homeName: s.state === 'signed-in' ? s.me.user.unit.name : null };
  }, [session.data]);

  if (session.error && !session.data) {
    return (
      <main id="main" className="page-message">
        <ErrorPanel error={session.error} onRetry={() => void session.refetch()} />
      </main>
    );
  }
  if (!value) {
    return (
      <main id="main" className="page-message">
        <Loading />
      </main>
    );
  }
  if (value.session.state === 'signed-out') return <LoginPage expired={value.session.reason === 'expired'} />;
  if (value.session.state === 'signed-in' && value.session.me.mustChangePassword) {
    return <ChangePasswordPage username={value.session.me.user.username} />;
  }
  return (
    <SessionContext.Provider value={value}>
      {pathname === '/password' && value.session.state === 'signed-in' ? (
        <ChangePasswordPage username={value.session.me.user.username} voluntary />
      ) : isAdminPath(pathname) ? (
        <Suspense fallback={<Loading />}>
          <AdminPage />
        </Suspense>
      ) : pathname === '/tokens' ? (
        <Suspense fallback={<Loading />}>
          <TokensPage />
        </Suspense>
      ) : isReportingPath(pathname) ? (
        <Suspense fallback={<Loading />}>
          <ReportingPage path={pathname} />
        </Suspense>
      ) : (
        <DashboardPage />
      )}
    </SessionContext.Provider>
  );
}
