import { useQuery } from '@tanstack/react-query';
import type { Figure, Kpi } from '@tiendo/shared';
import { QueryState } from '../../components/QueryState.tsx';
import { StatusBadge } from '../../components/StatusBadge.tsx';
import { formatPercent, formatPeriod } from '../../i18n/format.ts';
import { useLang } from '../../i18n/index.ts';
import type { DashboardView } from '../dashboard/view.ts';
import { kpiName } from '../dashboard/view.ts';
import { figuresQuery } from '../units/queries.ts';
import { gaugeGeometry, gaugeVerdict } from './gauge-data.ts';

/** Every percentage KPI with a target gets a gauge; the 70 % procedures target is the one leaders ask about. */
export function targetGauges(kpis: readonly Kpi[], figures: readonly Figure[]): { kpi: Kpi; figure: Figure }[] {
  const byCode = new Map(figures.map((f) => [f.kpi, f]));
  const out: { kpi: Kpi; figure: Figure }[] = [];
  for (const kpi of kpis) {
    const figure = byCode.get(kpi.code);
    if (kpi.kind === 'ratio' && figure && figure.target !== undefined && figure.value !== null) out.push({ kpi, figure });
  }
  // the target furthest from 100 % first: it is the one a meeting argues about
  return out.sort((a, b) => (a.figure.target ?? 100) - (b.figure.target ?? 100));
}

export function Gauge({ kpi, figure, period }: { kpi: Kpi; figure: Figure; period: string }) {
  const { t, lang } = useLang();
  const g = gaugeGeometry(figure.value, figure.target ?? null);
  const verdict = gaugeVerdict(figure, period);
  const target = formatPercent(figure.target ?? null, lang, 0);
  const value = formatPercent(figure.value, lang, 1, [100, ...(figure.target === undefined ? [] : [figure.target])]);
  const name = kpiName(kpi, lang);
  let text: string;
  if (verdict.kind === 'achieved') text = t('targets.achieved', { target });
  else if (verdict.kind === 'missed') text = t('targets.missed', { period: formatPeriod(verdict.deadline, lang), target });
  else if (verdict.kind === 'projection')
    text = t('targets.projection', { value: formatPercent(verdict.value, lang, 0), period: formatPeriod(verdict.deadline, lang) });
  else text = t('targets.noProjection');
  return (
    <figure className="gauge" data-testid={`gauge-${kpi.code}`}>
      <svg viewBox="0 0 200 116" role="img" aria-label={t('targets.gaugeLabel', { kpi: name, value, target })}>
        <path d="M 20 100 A 80 80 0 0 1 180 100" className="gauge-track" />
        {g.valuePath && <path d={g.valuePath} className={`gauge-value status-stroke-${figure.status}`} />}
        {g.targetTick && <line {...g.targetTick} className="gauge-target" />}
        <text x="100" y="92" textAnchor="middle" className="gauge-number">
          {value}
        </text>
      </svg>
      <figcaption>
        <strong>{name}</strong>
        <br />
        {t('overview.target')} {target}
        {figure.deadline && ` · ${t('overview.deadline', { period: formatPeriod(figure.deadline, lang) })}`}
        <br />
        <StatusBadge status={figure.status} /> <span data-testid={`gauge-text-${kpi.code}`}>{text}</span>
      </figcaption>
    </figure>
  );
}

export function TargetsPanel({ view }: { view: DashboardView }) {
  const { t } = useLang();
  const figures = useQuery(figuresQuery(view.unitCode, view));
  if (figures.data && targetGauges(view.kpis, figures.data.figures).length === 0) return null;
  return (
    <section className="panel" aria-labelledby="targets-heading">
      <h2 id="targets-heading">{t('targets.heading')}</h2>
      <QueryState query={figures}>
        {(data) => (
          <div className="gauges">
            {targetGauges(view.kpis, data.figures).map(({ kpi, figure }) => (
              <Gauge key={kpi.code} kpi={kpi} figure={figure} period={view.period} />
            ))}
          </div>
        )}
      </QueryState>
    </section>
  );
}
