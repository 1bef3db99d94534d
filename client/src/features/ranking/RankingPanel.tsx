import { useQuery } from '@tanstack/react-query';
import type { BreakdownRow, Kpi } from '@tiendo/shared';
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
import { effectiveRankBy, isPercentMeasure, isWholeMeasure, placeRows, type RankBy, rankByOptions } from './rank-by.ts';
import {
  behindWithoutNote,
  lagReasons,
  nextSort,
  rankingBars,
  rebuiltCounts,
  type SortColumn,
  type SortDir,
  sortRows,
} from './ranking-data.ts';

const RankingChart = lazy(() => import('./RankingChart.tsx'));

/** A KPI that only levels above the units below report: they have nothing to rank on. */
function reportedAbove(kpi: Pick<Kpi, 'reportLevels'>, rows: readonly BreakdownRow[]): boolean {
  const tier = rows[0]?.level;
  return tier !== undefined && kpi.reportLevels.every((l) => l < tier) && rows.every((r) => r.value === null);
}

export function RankingPanel({ view }: { view: DashboardView }) {
  const { t, lang } = useLang();
  const id = useId();
  const kpi = view.kpi;
  const place = useLinkPlace();
  const [sort, setSort] = useState<{ column: SortColumn; dir: SortDir }>({ column: 'rank', dir: 'asc' });
  // the order chosen for one KPI; another KPI opens on its own default
  const [chosen, setChosen] = useState<{ kpi: string; by: RankBy } | null>(null);
  const [unexplainedOnly, setUnexplainedOnly] = useState(false);
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
          if (reportedAbove(kpi, data.rows)) return <Empty>{t('ranking.reportedAbove')}</Empty>;
          const options = rankByOptions(kpi, data.rows);
          const by = effectiveRankBy(kpi, data.rows, chosen?.kpi === kpi.code ? chosen.by : null);
          const placed = placeRows(kpi, data.rows, by);
          const lagging = lagReasons(placed);
          const unexplained = behindWithoutNote(placed, lagging);
          const shown = unexplainedOnly ? unexplained : placed;
          const bars = rankingBars(shown, new Set(lagging.keys()));
          const history = rebuiltCounts(data.rows);
          const partial = data.rows.filter((r) => r.units && r.units.reported < r.units.expected).length;
          const unranked = placed.filter((r) => r.place === null).length;
          return (
            <>
              <div className="ranking-controls">
                <span className="field">
                  <label htmlFor={`${id}-by`}>{t('ranking.by.label')}</label>
                  <select
                    id={`${id}-by`}
                    value={by}
                    data-testid="ranking-by"
                    onChange={(e) => {
                      setChosen({ kpi: kpi.code, by: e.target.value as RankBy });
                      setSort({ column: 'rank', dir: 'asc' });
                    }}
                  >
                    {options.map((o) => (
                      <option key={o} value={o}>
                        {t(`ranking.by.${o}`)}
                      </option>
                    ))}
                  </select>
                </span>
                <label className="check-field">
                  <input
                    type="checkbox"
                    checked={unexplainedOnly}
                    onChange={(e) => setUnexplainedOnly(e.target.checked)}
                    data-testid="ranking-unexplained"
                  />{' '}
                  {t('ranking.unexplainedOnly', { n: unexplained.length })}
                </label>
              </div>
              <p className="ranking-note">{t('ranking.laggingCount', { n: lagging.size })}</p>
              <p className="ranking-note" data-testid="ranking-rule">
                {t('ranking.tiesNote')}
                {unranked > 0 && ` ${t('ranking.unrankedNote', { n: unranked })}`}
              </p>
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
                    by={by}
                    percent={isPercentMeasure(kpi, by)}
                    whole={isWholeMeasure(kpi, by)}
                    points={kpi.kind === 'ratio'}
                    label={t('ranking.chartLabel', { kpi: kpiName(kpi, lang), by: t(`ranking.by.${by}`) })}
                    name={t(`ranking.by.${by}`)}
                    onOpen={(code) => navigate(unitLinkPatch(code, place))}
                  />
                </Suspense>
              )}
              {shown.length === 0 ? (
                <Empty>{t('ranking.noneUnexplained')}</Empty>
              ) : (
                <RankingTable
                  rows={sortRows(shown, sort.column, sort.dir, lang)}
                  kpi={kpi}
                  by={by}
                  lagging={lagging}
                  sort={sort}
                  onSort={(c) => setSort((s) => nextSort(s, c))}
                />
              )}
            </>
          );
        }}
      </QueryState>
    </section>
  );
}
