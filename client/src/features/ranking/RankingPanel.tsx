import { useQuery } from '@tanstack/react-query';
import { lazy, Suspense, useId, useState } from 'react';
import { Empty, Loading, QueryState } from '../../components/QueryState.tsx';
import { useLang } from '../../i18n/index.ts';
import { useLinkPlace } from '../../routing/link-place.ts';
import { unitLinkPatch } from '../../routing/url-state.ts';
import { navigate } from '../../routing/use-url-state.ts';
import type { DashboardView } from '../dashboard/view.ts';
import { kpiName } from '../dashboard/view.ts';
import { KpiSelect } from '../trend/TrendPanel.tsx';
import { breakdownQuery } from '../units/queries.ts';
import { RankingTable } from './RankingTable.tsx';
import { lagReasons, nextSort, rankingBars, rebuiltCounts, type SortColumn, type SortDir, sortRows } from './ranking-data.ts';

const RankingChart = lazy(() => import('./RankingChart.tsx'));

export function RankingPanel({ view }: { view: DashboardView }) {
  const { t, lang } = useLang();
  const id = useId();
  const kpi = view.kpi;
  const place = useLinkPlace();
  const [sort, setSort] = useState<{ column: SortColumn; dir: SortDir }>({ column: 'rank', dir: 'asc' });
  const breakdown = useQuery({ ...breakdownQuery(view.unitCode, kpi?.code ?? '', view), enabled: !!kpi });
  if (!kpi) return null;
  return (
    <section className="panel" aria-labelledby="ranking-heading" data-testid="ranking">
      <div className="panel-head">
        <h2 id="ranking-heading">{t('ranking.heading')}</h2>
        <KpiSelect view={view} id={id} label={t('ranking.kpi')} testId="ranking-kpi" />
      </div>
      <QueryState query={breakdown}>
        {(data) => {
          if (data.rows.length === 0) return <Empty>{t('ranking.empty')}</Empty>;
          const lagging = lagReasons(data.rows);
          const bars = rankingBars(data.rows, new Set(lagging.keys()));
          const history = rebuiltCounts(data.rows);
          const partial = data.rows.filter((r) => r.units && r.units.reported < r.units.expected).length;
          return (
            <>
              <p className="ranking-note">{t('ranking.laggingCount', { n: lagging.size })}</p>
              {history.rebuilt > 0 && (
                <p className="ranking-note rebuilt-note" data-testid="ranking-rebuilt-note">
                  <span className="rebuilt-swatch" aria-hidden="true" />
                  {history.estimated > 0
                    ? t('mapView.rankingNoteEstimated', { n: history.rebuilt, estimated: history.estimated })
                    : t('mapView.rankingNote', { n: history.rebuilt })}
                </p>
              )}
              {partial > 0 && (
                <p className="ranking-note" data-testid="ranking-made-of-note">
                  {t('ranking.madeOfNote', { n: partial })}
                </p>
              )}
              {bars.length > 0 && (
                <Suspense fallback={<Loading />}>
                  <RankingChart
                    bars={bars}
                    kind={kpi.kind}
                    label={t('ranking.chartLabel', { kpi: kpiName(kpi, lang) })}
                    onOpen={(code) => navigate(unitLinkPatch(code, place))}
                  />
                </Suspense>
              )}
              <RankingTable
                rows={sortRows(data.rows, sort.column, sort.dir, lang)}
                kpi={kpi}
                lagging={lagging}
                sort={sort}
                onSort={(c) => setSort((s) => nextSort(s, c))}
              />
            </>
          );
        }}
      </QueryState>
    </section>
  );
}
