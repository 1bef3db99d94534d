import { useQueries, useQuery } from '@tanstack/react-query';
import type { Figure, Kpi } from '@tiendo/shared';
import { addMonths } from '@tiendo/shared/period';
import { StatusBadge } from '../../../components/StatusBadge.tsx';
import { formatNumber, formatPercent, formatPeriod } from '../../../i18n/format.ts';
import { useLang } from '../../../i18n/index.ts';
import type { DashboardView } from '../../dashboard/view.ts';
import { kpiName, kpiUnit } from '../../dashboard/view.ts';
import { changeModel, groupCards, primaryValue, targetValue } from '../../overview/overview-data.ts';
import { buildTrend } from '../../trend/trend-data.ts';
import { breakdownQuery, figuresQuery, seriesQuery } from '../../units/queries.ts';
import { belowOnTarget } from '../meeting-data.ts';
import DeckTrend from './DeckTrend.tsx';
import { NotesList } from './OverviewSlide.tsx';
import { SlideQueries, valueText } from './parts.tsx';

/** Months of trend on a group slide: a year is what a monthly meeting compares against. */
const TREND_MONTHS = 12;

function useGroup(view: DashboardView, group: string) {
  const figures = useQuery(figuresQuery(view.unitCode, view));
  const cards = figures.data ? (groupCards(view.kpis, figures.data.figures).find((g) => g.group === group)?.cards ?? []) : [];
  const start = addMonths(view.period, -(TREND_MONTHS - 1));
  const from = start < view.firstPeriod ? view.firstPeriod : start;
  const series = useQueries({ queries: cards.map((c) => seriesQuery(view.unitCode, c.kpi.code, from, view)) });
  // where the units below stand on each target: the same breakdowns as the "units behind" slide
  const hasBelow = (view.unit?.children.length ?? 0) > 0;
  const below = useQueries({
    queries: cards.map((c) => ({
      ...breakdownQuery(view.unitCode, c.kpi.code, view),
      enabled: hasBelow && c.figure.target !== undefined,
    })),
  });
  return { figures, cards, series, below: below.map((b) => (b.data ? belowOnTarget(b.data.rows) : null)) };
}

function useLines() {
  const { t, lang } = useLang();
  return (kpi: Kpi, f: Figure, below: ReturnType<typeof belowOnTarget> = null) => {
    const change = changeModel(kpi, f, lang);
    const changeText =
      change.kind === 'up' || change.kind === 'down'
        ? t(change.points ? 'overview.changePoints' : 'overview.changeVsLast', { value: change.text })
        : change.kind === 'flat'
          ? t('overview.noChange')
          : null;
    const target = targetValue(kpi, f, lang);
    const targetLine = target
      ? `${t('overview.target')} ${target}${f.deadline ? ` · ${t('overview.deadline', { period: formatPeriod(f.deadline, lang) })}` : ''}`
      : t('overview.noTarget');
    const month =
      kpi.kind === 'count'
        ? t('overview.thisMonth', { value: formatNumber(f.value, lang) })
        : kpi.kind === 'ratio' && kpi.ratioMode === 'flow' && f.cumulative != null
          ? `${t('overview.cumulative')}: ${formatPercent(f.cumulative, lang)}`
          : null;
    const first = below?.lowest[0];
    const belowLine = below
      ? t(first ? 'meeting.belowLowest' : 'meeting.belowAll', {
          achieved: formatNumber(below.achieved, lang),
          units: formatNumber(below.units, lang),
          unit: first?.name ?? '',
          value: first ? valueText(kpi.kind, first.value, first.target, lang) : '',
        })
      : null;
    return { changeText, targetLine, month, belowLine };
  };
}

/** A year of nothing (a campaign that is over) draws as an empty frame: say it instead. */
const nothingInWindow = (points: readonly { value: number | null }[]) => points.every((p) => p.value === null || p.value === 0);

export function GroupSlide({ view, group }: { view: DashboardView; group: string }) {
  const { t, lang } = useLang();
  const { figures, cards, series, below } = useGroup(view, group);
  const lines = useLines();
  return (
    <SlideQueries error={figures.error} loading={!figures.data} retry={() => void figures.refetch()}>
      {() => (
        <div className={`deck-kpis deck-kpis-${Math.min(cards.length, 4)}`}>
          {cards.map(({ kpi, figure: f }, i) => {
            const s = series[i];
            const name = kpiName(kpi, lang);
            const { changeText, targetLine, month, belowLine } = lines(kpi, f, below[i]);
            const model = s?.data
              ? buildTrend({ kpi, points: s.data.points, target: s.data.target, deadline: s.data.deadline, projection: f.projection })
              : null;
            return (
              <article key={kpi.code} className={`deck-kpi status-edge-${f.status}`} aria-label={name} data-testid={`deck-kpi-${kpi.code}`}>
                <div className="deck-kpi-info">
                  <h2 className="deck-kpi-name">{name}</h2>
                  <p className="deck-kpi-value">
                    {kpi.kind === 'count' && <span className="deck-kpi-label">{t('overview.cumulative')} </span>}
                    <strong data-testid={`deck-value-${kpi.code}`}>{primaryValue(kpi, f, lang)}</strong>
                    {kpi.kind !== 'ratio' && f.value !== null && <span className="deck-kpi-unit"> {kpiUnit(kpi, lang)}</span>}
                  </p>
                  <p className="deck-kpi-meta">
                    {f.status !== 'no_target' && <StatusBadge status={f.status} />} {targetLine}
                  </p>
                  <p className="deck-kpi-meta">{[month, changeText].filter(Boolean).join(' · ')}</p>
                  {belowLine && (
                    <p className="deck-kpi-meta deck-kpi-below" data-testid={`deck-below-${kpi.code}`}>
                      {belowLine}
                    </p>
                  )}
                  {cards.length === 1 && (below[i]?.lowest.length ?? 0) > 1 && (
                    <div className="deck-lowest">
                      <h3>{t('meeting.lowestBelow')}</h3>
                      <ol>
                        {below[i]?.lowest.map((r) => (
                          <li key={r.code}>
                            <span>{r.name}</span> <strong>{valueText(kpi.kind, r.value, r.target, lang)}</strong>
                          </li>
                        ))}
                      </ol>
                    </div>
                  )}
                </div>
                {model && s?.data ? (
                  nothingInWindow(model.rows) ? (
                    <p className="deck-chart deck-chart-quiet">{t('meeting.nothingInWindow')}</p>
                  ) : (
                    <DeckTrend kpi={kpi} model={model} points={s.data.points} label={t('meeting.trendLabel', { kpi: name })} />
                  )
                ) : (
                  <div className="deck-chart" aria-hidden="true" />
                )}
              </article>
            );
          })}
        </div>
      )}
    </SlideQueries>
  );
}

export function GroupNotes({ view, group }: { view: DashboardView; group: string }) {
  const { lang } = useLang();
  const { t } = useLang();
  const { cards, below } = useGroup(view, group);
  const lines = useLines();
  return (
    <NotesList
      lines={cards.map(({ kpi, figure: f }, i) => {
        const { changeText, targetLine, month, belowLine } = lines(kpi, f, below[i]);
        const unit = kpi.kind !== 'ratio' && f.value !== null ? ` ${kpiUnit(kpi, lang)}` : '';
        const status = f.status === 'no_target' ? null : t(`status.${f.status}`);
        return [`${kpiName(kpi, lang)}: ${primaryValue(kpi, f, lang)}${unit}`, status, targetLine, month, changeText, belowLine]
          .filter(Boolean)
          .join('; ');
      })}
    />
  );
}
