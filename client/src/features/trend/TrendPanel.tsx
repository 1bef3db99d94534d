import { useQuery } from '@tanstack/react-query';
import { lazy, Suspense, useId, useState } from 'react';
import { Empty, Loading, QueryState } from '../../components/QueryState.tsx';
import { TableScroll } from '../../components/TableScroll.tsx';
import { formatNumber, formatPercent, formatPeriod } from '../../i18n/format.ts';
import { useLang } from '../../i18n/index.ts';
import { navigate } from '../../routing/use-url-state.ts';
import type { DashboardView } from '../dashboard/view.ts';
import { kpiName } from '../dashboard/view.ts';
import { HistoryTag } from '../units/HistoryTag.tsx';
import { figuresQuery, seriesQuery } from '../units/queries.ts';
import { buildTrend, type TrendModel } from './trend-data.ts';

const TrendChart = lazy(() => import('./TrendChart.tsx'));

export function KpiSelect({ view, id, label, testId }: { view: DashboardView; id: string; label: string; testId: string }) {
  const { lang } = useLang();
  return (
    <span className="field">
      <label htmlFor={id}>{label}</label>
      <select id={id} value={view.kpi?.code ?? ''} onChange={(e) => navigate({ kpi: e.target.value })} data-testid={testId}>
        {view.kpis.map((k) => (
          <option key={k.code} value={k.code}>
            {kpiName(k, lang)}
          </option>
        ))}
      </select>
    </span>
  );
}

export function TrendPanel({ view }: { view: DashboardView }) {
  const { t, lang } = useLang();
  const id = useId();
  const kpi = view.kpi;
  const series = useQuery({ ...seriesQuery(view.unitCode, kpi?.code ?? '', view.firstPeriod, view), enabled: !!kpi });
  const figures = useQuery(figuresQuery(view.unitCode, view));
  if (!kpi) return null;
  const figure = figures.data?.figures.find((f) => f.kpi === kpi.code);
  const name = kpiName(kpi, lang);
  return (
    <section id="trend" className="panel" aria-labelledby="trend-heading" data-testid="trend">
      <div className="panel-head">
        <h2 id="trend-heading">{t('trend.heading', { kpi: name })}</h2>
        <KpiSelect view={view} id={id} label={t('trend.kpi')} testId="trend-kpi" />
      </div>
      <QueryState query={series}>
        {(data) => {
          const model = buildTrend({
            kpi,
            points: data.points,
            target: data.target,
            deadline: data.deadline,
            projection: figure?.projection,
          });
          if (!model.rows.some((r) => r.value !== null)) return <Empty>{t('trend.empty')}</Empty>;
          return (
            <>
              {model.deadline && model.target !== null && (
                <p className="trend-note">
                  {t('trend.target')}: {kpi.kind === 'ratio' ? formatPercent(model.target, lang, 0) : formatNumber(model.target, lang)} ·{' '}
                  {t('trend.deadlineLabel', { period: formatPeriod(model.deadline, lang) })}
                </p>
              )}
              <Suspense fallback={<Loading />}>
                <TrendChart model={model} kind={kpi.kind} label={name} />
              </Suspense>
              <TrendTable model={model} kind={kpi.kind} name={name} />
            </>
          );
        }}
      </QueryState>
    </section>
  );
}

function TrendTable({ model, kind, name }: { model: TrendModel; kind: string; name: string }) {
  const { t, lang } = useLang();
  const fmt = (v: number | null) => (kind === 'ratio' ? formatPercent(v, lang) : formatNumber(v, lang));
  const [open, setOpen] = useState(false);
  return (
    <details className="chart-table" open={open} onToggle={(e) => setOpen((e.target as HTMLDetailsElement).open)}>
      <summary>{open ? t('common.hideTable') : t('common.showTable')}</summary>
      <TableScroll label={t('trend.tableCaption', { kpi: name })}>
        <table>
          <caption>{t('trend.tableCaption', { kpi: name })}</caption>
          <thead>
            <tr>
              <th scope="col">{t('trend.month')}</th>
              <th scope="col">{model.showRunning ? t('trend.monthly') : t('trend.value')}</th>
              {model.showRunning && <th scope="col">{t('trend.running')}</th>}
              {model.hasProjection && <th scope="col">{t('trend.projection')}</th>}
            </tr>
          </thead>
          <tbody>
            {[...model.rows].reverse().map((r) => (
              <tr key={r.period}>
                <th scope="row">
                  {formatPeriod(r.period, lang)}
                  <HistoryTag mark={r.mark} />
                </th>
                <td>{fmt(r.value)}</td>
                {model.showRunning && <td>{fmt(r.running)}</td>}
                {model.hasProjection && <td>{r.projection === null ? '' : fmt(r.projection)}</td>}
              </tr>
            ))}
          </tbody>
        </table>
      </TableScroll>
    </details>
  );
}
