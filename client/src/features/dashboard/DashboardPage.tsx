import { useQuery } from '@tanstack/react-query';
import { lazy, Suspense } from 'react';
import { HttpError } from '../../api/http.ts';
import { AccessDenied, ErrorPanel, Loading } from '../../components/QueryState.tsx';
import { useLang } from '../../i18n/index.ts';
import { useUrlState } from '../../routing/use-url-state.ts';
import { useSession } from '../auth/session-context.ts';
import { defaultPeriod, kpisQuery, periodsQuery } from '../catalog/queries.ts';
import { CompletenessPanel } from '../completeness/CompletenessPanel.tsx';
import { OverviewPanel } from '../overview/OverviewPanel.tsx';
import { RankingPanel } from '../ranking/RankingPanel.tsx';
import { ServicesPanel } from '../services/ServicesPanel.tsx';
import { TargetsPanel } from '../targets/TargetsPanel.tsx';
import { TrendPanel } from '../trend/TrendPanel.tsx';
import { figuresQuery, unitQuery } from '../units/queries.ts';
import { AppHeader } from './AppHeader.tsx';
import type { DashboardView } from './view.ts';

const MeetingMode = lazy(() => import('../meeting/MeetingMode.tsx'));

export function DashboardPage() {
  const [url] = useUrlState();
  const { home } = useSession();
  const periods = useQuery(periodsQuery());
  const kpis = useQuery(kpisQuery());
  const unitCode = url.unit ?? home;
  const unit = useQuery(unitQuery(unitCode));
  const period = url.period ?? (periods.data ? defaultPeriod(periods.data) : null);
  // fetched beside the unit so the cards need no second round trip; shown only once the unit is
  // known to be visible (a 403 then shows one message, not one per panel)
  useQuery({ ...figuresQuery(unitCode, period ?? ''), enabled: !!period });

  const catalogError = periods.error ?? kpis.error;
  if (catalogError && (!periods.data || !kpis.data)) {
    return (
      <Shell view={null} unitError={null}>
        <ErrorPanel
          error={catalogError}
          onRetry={() => {
            void periods.refetch();
            void kpis.refetch();
          }}
        />
      </Shell>
    );
  }
  if (!periods.data || !kpis.data) {
    return (
      <Shell view={null} unitError={null}>
        <Loading />
      </Shell>
    );
  }

  const activeKpis = kpis.data.filter((k) => !k.retired);
  const kpi = activeKpis.find((k) => k.code === url.kpi) ?? activeKpis[0] ?? null;
  const view: DashboardView = {
    unitCode,
    unit: unit.data,
    period: period ?? '',
    kpi,
    kpis: activeKpis,
    periods: periods.data,
    firstPeriod: periods.data[0]?.period ?? period ?? '',
  };

  if (unit.error && !unit.data) {
    return (
      <Shell view={view} unitError={unit.error}>
        {unit.error instanceof HttpError && unit.error.status === 403 ? (
          <AccessDenied />
        ) : (
          <ErrorPanel error={unit.error} onRetry={() => void unit.refetch()} />
        )}
      </Shell>
    );
  }

  if (url.slide !== null) {
    return (
      <Suspense fallback={<Loading />}>
        <MeetingMode view={view} slide={url.slide} />
      </Suspense>
    );
  }

  if (!unit.data) {
    return (
      <Shell view={view} unitError={null}>
        <Loading />
      </Shell>
    );
  }

  const hasChildren = unit.data.children.length > 0;
  return (
    <Shell view={view} unitError={null}>
      <OverviewPanel view={view} />
      <div className="grid-2">
        <TargetsPanel view={view} />
        <ServicesPanel view={view} />
      </div>
      <TrendPanel view={view} />
      {hasChildren && (
        <div className="grid-ranking">
          <RankingPanel view={view} />
          <CompletenessPanel view={view} />
        </div>
      )}
    </Shell>
  );
}

function Shell({ view, children }: { view: DashboardView | null; unitError: unknown; children: React.ReactNode }) {
  const { t } = useLang();
  return (
    <>
      <a className="skip-link" href="#main">
        {t('app.skipToContent')}
      </a>
      <AppHeader view={view} />
      <main id="main" tabIndex={-1}>
        {children}
      </main>
    </>
  );
}
