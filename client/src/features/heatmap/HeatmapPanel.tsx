import { useQueries } from '@tanstack/react-query';
import type { FigureStatus } from '@tiendo/shared';
import { useState } from 'react';
import { Empty, ErrorPanel, Loading } from '../../components/QueryState.tsx';
import { SortHeader } from '../../components/SortHeader.tsx';
import { STATUS_ICONS } from '../../components/StatusBadge.tsx';
import { TableScroll } from '../../components/TableScroll.tsx';
import { formatPercent } from '../../i18n/format.ts';
import { useLang } from '../../i18n/index.ts';
import { UnitLink } from '../dashboard/UnitLink.tsx';
import type { DashboardView } from '../dashboard/view.ts';
import { kpiName } from '../dashboard/view.ts';
import { breakdownQuery } from '../units/queries.ts';
import { buildHeatmap, defaultHeatSort, type HeatSort, heatmapCandidates, nextHeatSort, sortHeatRows } from './heatmap-data.ts';

/** A cell's status is never its colour alone: the badges' icons. */
const ICONS = STATUS_ICONS;
const LEGEND: FigureStatus[] = ['achieved', 'on_track', 'at_risk', 'off_track'];

/**
 * Attainment of every target, unit by unit, for the units below: where each stands on each KPI
 * at a glance, the number in every cell, its colour and icon the status.
 */
export function HeatmapPanel({ view }: { view: DashboardView }) {
  const { t, lang } = useLang();
  const units = view.unit?.children ?? [];
  const candidates = heatmapCandidates(view.kpis, units[0]?.level);
  const replies = useQueries({ queries: candidates.map((k) => breakdownQuery(view.unitCode, k.code, view)) });
  const [chosen, setChosen] = useState<HeatSort | null>(null);
  if (units.length === 0 || candidates.length === 0) return null;
  const failed = replies.find((r) => r.error && !r.data);
  const body = () => {
    if (failed) return <ErrorPanel error={failed.error} onRetry={() => void failed.refetch()} />;
    if (replies.some((r) => !r.data)) return <Loading />;
    const model = buildHeatmap(
      units,
      candidates,
      replies.map((r) => r.data),
    );
    if (model.columns.length === 0) return <Empty>{t('heatmap.empty')}</Empty>;
    const sort =
      chosen && (chosen.column === 'name' || model.columns.some((k) => k.code === chosen.column)) ? chosen : defaultHeatSort(model);
    const head = (column: string, label: string, title?: string) => (
      <SortHeader
        key={column}
        column={column}
        label={label}
        title={title}
        sort={sort}
        onSort={(c) => setChosen(nextHeatSort(sort, c))}
        className={column === 'name' ? 'heatmap-unit' : undefined}
      />
    );
    return (
      <>
        <p className="ranking-note">{t('heatmap.intro', { n: model.rows.length, k: model.columns.length })}</p>
        <ul className="heatmap-legend" aria-label={t('heatmap.legend')}>
          {LEGEND.map((s) => (
            <li key={s} className={`heat-cell status-${s}`}>
              <span aria-hidden="true">{ICONS[s]}</span> {t(`status.${s}`)}
            </li>
          ))}
        </ul>
        <TableScroll label={t('heatmap.heading')} className="heatmap-scroll">
          <table className="heatmap-table" data-testid="heatmap-table">
            <caption className="visually-hidden">{t('heatmap.heading')}</caption>
            <thead>
              <tr>
                {head('name', t('ranking.unit'))}
                {model.columns.map((k) => head(k.code, kpiName(k, lang), kpiName(k, lang)))}
              </tr>
            </thead>
            <tbody>
              {sortHeatRows(model.rows, sort, lang).map((r) => (
                <tr key={r.code} data-unit={r.code}>
                  <th scope="row" className="heatmap-unit">
                    <UnitLink code={r.code}>{r.name}</UnitLink>
                  </th>
                  {model.columns.map((k) => {
                    const c = r.cells[k.code];
                    const status = c?.status ?? 'no_target';
                    return (
                      <td
                        key={k.code}
                        className={`num heat-cell status-${status}`}
                        data-kpi={k.code}
                        data-status={status}
                        data-testid={`heat-${r.code}-${k.code}`}
                        title={`${kpiName(k, lang)}: ${t(`status.${status}`)}${c?.note ? ` · ${c.note.text}` : ''}`}
                      >
                        <span className="heat-value">{formatPercent(c?.attainment ?? null, lang)}</span>{' '}
                        <span aria-hidden="true" className="heat-icon">
                          {ICONS[status]}
                        </span>
                        <span className="visually-hidden">{t(`status.${status}`)}</span>
                      </td>
                    );
                  })}
                </tr>
              ))}
            </tbody>
          </table>
        </TableScroll>
      </>
    );
  };
  return (
    <section className="panel heatmap" aria-labelledby="heatmap-heading" data-testid="heatmap">
      <div className="panel-head">
        <h2 id="heatmap-heading">{t('heatmap.heading')}</h2>
      </div>
      {body()}
    </section>
  );
}
