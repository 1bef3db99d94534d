import { useQuery } from '@tanstack/react-query';
import { lazy, Suspense, useEffect, useMemo, useSyncExternalStore } from 'react';
import { HttpError } from '../../api/http.ts';
import { AccessDenied, ErrorPanel, Loading } from '../../components/QueryState.tsx';
import { useLang } from '../../i18n/index.ts';
import { type LinkPlace, LinkPlaceContext } from '../../routing/link-place.ts';
import { navigate, useUrlState } from '../../routing/use-url-state.ts';
import { useSession } from '../auth/session-context.ts';
import { currentPeriod, defaultPeriod, kpisQuery, periodsQuery } from '../catalog/queries.ts';
import { CompletenessPanel, MISSING_LIMIT } from '../completeness/CompletenessPanel.tsx';
import { OverdueTasks } from '../followup/OverdueTasks.tsx';
import { HeatmapPanel } from '../heatmap/HeatmapPanel.tsx';
import { TodoPanel } from '../home/TodoPanel.tsx';
import { OverviewPanel } from '../overview/OverviewPanel.tsx';
import { RankingPanel } from '../ranking/RankingPanel.tsx';
import { EndedAccountBanner } from '../reporting/UnitLife.tsx';
import { ServicesPanel } from '../services/ServicesPanel.tsx';
import { TargetsPanel } from '../targets/TargetsPanel.tsx';
import { TrendPanel } from '../trend/TrendPanel.tsx';
import { getBasis, subscribeBasis } from '../units/basis.ts';
import { MapNotice } from '../units/MapNotice.tsx';
import { effectiveMap, getMap, isNotInPeriod, mapsDiffer, otherMap, subscribeMap } from '../units/map-view.ts';
import { breakdownQuery, completenessQuery, figuresQuery, unitQuery } from '../units/queries.ts';
import { UnitNotInPeriod } from '../units/UnitNotInPeriod.tsx';
import { AppHeader } from './AppHeader.tsx';
import { type DashboardView, homeLastPeriod } from './view.ts';

const MeetingMode = lazy(() => import('../meeting/MeetingMode.tsx'));

export function DashboardPage() {
  const [url] = useUrlState();
  const { home, homeName, session } = useSession();
  const basis = useSyncExternalStore(subscribeBasis, getBasis, getBasis);
  const remembered = useSyncExternalStore(subscribeMap, getMap, getMap);
  const periods = useQuery(periodsQuery());
  const kpis = useQuery(kpisQuery());
  const unitCode = url.unit ?? home;
  // An account whose unit ended opens on the unit's last period and is offered nothing after it.
  const lastPeriod = homeLastPeriod(session);
  const period = url.period ?? (periods.data ? defaultPeriod(periods.data, lastPeriod) : null);
  const current = periods.data ? currentPeriod(periods.data) : null;
  const map = effectiveMap(url.map, remembered, lastPeriod !== null);
  // The unit as it was in the period shown, on the map chosen: its children, parent, breadcrumb.
  const unit = useQuery({ ...unitQuery(unitCode, period, map), enabled: period !== null });
  // The same code on the other map, for a past period only: tells whether the map switch means
  // anything here (one cached reply; see mapsDiffer) and whether the code names another unit there.
  const past = period !== null && current !== null && period < current;
  const other = useQuery({ ...unitQuery(unitCode, period, otherMap(map)), enabled: past });
  const differs = past && current !== null && mapsDiffer(period, current, unit, other) && (lastPeriod === null || map === 'today');
  // fetched beside the unit so the cards need no second round trip; shown only once the unit is
  // known to be visible (a 403 then shows one message, not one per panel)
  useQuery({ ...figuresQuery(unitCode, { period: period ?? '', map, basis }), enabled: !!period });
  // The ranking and the completeness show only for a unit with units below, which its reply
  // tells; for the account's own unit they are asked for beside it (a leaf answers empty lists).
  const activeKpis = useMemo(() => (kpis.data ?? []).filter((k) => !k.retired), [kpis.data]);
  const kpi = activeKpis.find((k) => k.code === url.kpi) ?? activeKpis[0] ?? null;
  const early = unitCode === home && !unit.data && period !== null;
  useQuery({ ...breakdownQuery(unitCode, kpi?.code ?? '', { period: period ?? '', map, basis }), enabled: early && !!kpi });
  useQuery({ ...completenessQuery(unitCode, { period: period ?? '', map }, MISSING_LIMIT), enabled: early });

  // Where the map matters the URL says which one, so the link in the address bar (shared, or
  // opened later with another remembered choice) shows the same units.
  useEffect(() => {
    if (differs && url.map === null) navigate({ map }, { replace: true });
  }, [differs, url.map, map]);

  const place = useMemo<LinkPlace>(() => ({ period, map: differs || map === 'today' ? map : url.map }), [period, map, differs, url.map]);

  const catalogError = periods.error ?? kpis.error;
  if (catalogError && (!periods.data || !kpis.data)) {
    return (
      <Shell view={null} place={place}>
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
      <Shell view={null} place={place}>
        <Loading />
      </Shell>
    );
  }

  const view: DashboardView = {
    unitCode,
    unit: unit.data,
    unitName: unit.data?.name ?? (unitCode === home ? (homeName ?? undefined) : undefined),
    period: period ?? '',
    map,
    basis,
    kpi,
    kpis: activeKpis,
    periods: periods.data,
    firstPeriod: periods.data[0]?.period ?? period ?? '',
    currentPeriod: current ?? period ?? '',
    lastPeriod,
    mapDiffers: differs,
  };

  if (unit.error && !unit.data) {
    return (
      <Shell view={view} place={place}>
        {isNotInPeriod(unit.error) ? (
          <UnitNotInPeriod code={unitCode} period={view.period} map={map} currentPeriod={view.currentPeriod} error={unit.error} />
        ) : unit.error instanceof HttpError && unit.error.status === 403 ? (
          <AccessDenied error={unit.error} />
        ) : (
          <ErrorPanel error={unit.error} onRetry={() => void unit.refetch()} />
        )}
      </Shell>
    );
  }

  if (url.slide !== null) {
    return (
      <LinkPlaceContext.Provider value={place}>
        <Suspense fallback={<Loading />}>
          <MeetingMode view={view} slide={url.slide} />
        </Suspense>
      </LinkPlaceContext.Provider>
    );
  }

  // The account's own unit is always visible to it: its panels ask for their figures beside the
  // unit's reply instead of after it (one step after the session, not two), and the heading
  // names it from the session. Any other unit waits for its reply, so that a unit out of reach
  // shows one refusal, not one per panel. (On a past month the map the figures are read on goes
  // into the URL once the unit's replies on both maps have come.)
  if (!unit.data && !early) {
    return (
      <Shell view={view} place={place}>
        <Loading />
      </Shell>
    );
  }

  const hasChildren = (unit.data?.children.length ?? 0) > 0;
  return (
    <Shell view={view} place={place}>
      {/* where an ended account lands: why it is on its unit's last month, and cannot go further */}
      {lastPeriod !== null && <EndedAccountBanner />}
      {past && unit.data && <MapNotice unit={unit.data} other={other.data} period={view.period} map={map} />}
      <TodoPanel unit={view.unitCode} />
      <OverviewPanel view={view} />
      <div className="grid-2">
        <TargetsPanel view={view} />
        <ServicesPanel view={view} />
      </div>
      <TrendPanel view={view} />
      {view.map === 'period' && <OverdueTasks unit={view.unitCode} period={view.period} />}
      {hasChildren && (
        <div className="grid-ranking">
          <RankingPanel view={view} />
          <CompletenessPanel view={view} />
        </div>
      )}
      {hasChildren && <HeatmapPanel view={view} />}
      {!unit.data && <Loading />}
    </Shell>
  );
}

function Shell({ view, place, children }: { view: DashboardView | null; place: LinkPlace; children: React.ReactNode }) {
  const { t } = useLang();
  return (
    <LinkPlaceContext.Provider value={place}>
      <a className="skip-link" href="#main">
        {t('app.skipToContent')}
      </a>
      <AppHeader view={view} />
      <main id="main" tabIndex={-1}>
        {children}
      </main>
    </LinkPlaceContext.Provider>
  );
}
