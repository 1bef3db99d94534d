import { useQuery } from '@tanstack/react-query';
import type { Figure, Kpi } from '@tiendo/shared';
import { StatusBadge } from '../../../components/StatusBadge.tsx';
import { formatNumber, formatPercent, formatPeriod, type Lang } from '../../../i18n/format.ts';
import { useLang } from '../../../i18n/index.ts';
import type { DashboardView } from '../../dashboard/view.ts';
import { kpiName } from '../../dashboard/view.ts';
import { hasFigure, primaryValue, statusCounts, targetValue } from '../../overview/overview-data.ts';
import { gaugeGeometry, gaugeVerdict } from '../../targets/gauge-data.ts';
import { targetGauges } from '../../targets/TargetsPanel.tsx';
import { figuresQuery } from '../../units/queries.ts';
import { SlideEmpty, SlideQueries, Tile } from './parts.tsx';

type T = ReturnType<typeof useLang>['t'];

const STATUSES = ['achieved', 'on_track', 'at_risk', 'off_track'] as const;

interface TargetLine {
  kpi: Kpi;
  figure: Figure;
}

/** The month at a glance: the headline gauge (the target furthest from 100 %, the 70 % one) and every other target. */
function useOverview(view: DashboardView) {
  const figures = useQuery(figuresQuery(view.unitCode, view));
  const data = figures.data;
  const headline = data ? (targetGauges(view.kpis, data.figures)[0] ?? null) : null;
  const others: TargetLine[] = [];
  if (data)
    for (const kpi of view.kpis) {
      const figure = data.figures.find((f) => f.kpi === kpi.code);
      if (figure && figure.target !== undefined && kpi.code !== headline?.kpi.code) others.push({ kpi, figure });
    }
  return { figures, headline, others };
}

function verdictText(figure: Figure, period: string, t: T, lang: Lang): string {
  const v = gaugeVerdict(figure, period);
  const target = formatPercent(figure.target ?? null, lang, 0);
  if (v.kind === 'achieved') return t('meeting.verdict.achieved');
  if (v.kind === 'missed') return t('meeting.verdict.missed', { period: formatPeriod(v.deadline, lang) });
  if (v.kind === 'projection') {
    return t('meeting.verdict.projection', {
      value: figure.kind === 'ratio' ? formatPercent(v.value, lang, 1, [100, figure.target ?? 100]) : formatNumber(v.value, lang),
      period: formatPeriod(v.deadline, lang),
      target,
    });
  }
  return t('targets.noProjection');
}

/**
 * Where the target's label sits: just outside the arc at the target, kept inside the drawing at
 * the two ends (a 100 % target is at the very right) by setting it under the arc's foot.
 */
function targetLabelAt(percent: number): { x: number; y: number; textAnchor: 'start' | 'middle' | 'end' } {
  const p = Math.max(0, Math.min(100, percent));
  const angle = Math.PI * (1 - p / 100);
  const x = 100 + 104 * Math.cos(angle);
  const y = 100 - 104 * Math.sin(angle);
  if (p >= 88) return { x: 198, y: 115, textAnchor: 'end' };
  if (p <= 12) return { x: 2, y: 115, textAnchor: 'start' };
  return { x, y: Math.max(y, 0), textAnchor: p < 45 ? 'end' : p > 55 ? 'start' : 'middle' };
}

function DeckGauge({ kpi, figure, period }: TargetLine & { period: string }) {
  const { t, lang } = useLang();
  const g = gaugeGeometry(figure.value, figure.target ?? null);
  const value = primaryValue(kpi, figure, lang);
  const target = formatPercent(figure.target ?? null, lang, 1);
  const name = kpiName(kpi, lang);
  const tick = g.targetTick;
  return (
    <figure className="deck-gauge" data-testid={`deck-gauge-${kpi.code}`}>
      <svg viewBox="0 -14 200 130" role="img" aria-label={t('targets.gaugeLabel', { kpi: name, value, target })}>
        <path d="M 20 100 A 80 80 0 0 1 180 100" className="deck-gauge-track" />
        {g.valuePath && <path d={g.valuePath} className={`deck-gauge-value status-stroke-${figure.status}`} />}
        {tick && (
          <>
            <line {...tick} className="deck-gauge-target" />
            <text {...targetLabelAt(figure.target ?? 0)} className="deck-gauge-target-label">
              {target}
            </text>
          </>
        )}
        <text
          x="100"
          y="94"
          textAnchor="middle"
          className="deck-gauge-number"
          style={{ fontSize: value.length > 5 ? 28 : 34 }}
          data-testid={`deck-gauge-value-${kpi.code}`}
        >
          {value}
        </text>
      </svg>
      <figcaption>
        <strong className="deck-gauge-name">{name}</strong>
        <span>
          {t('overview.target')} {target}
          {figure.deadline && ` · ${t('overview.deadline', { period: formatPeriod(figure.deadline, lang) })}`}
        </span>
        <span>
          <StatusBadge status={figure.status} /> {verdictText(figure, period, t, lang)}
        </span>
      </figcaption>
    </figure>
  );
}

export function OverviewSlide({ view }: { view: DashboardView }) {
  const { t, lang } = useLang();
  const { figures, headline, others } = useOverview(view);
  return (
    <SlideQueries error={figures.error} loading={!figures.data} retry={() => void figures.refetch()}>
      {() => {
        const list = figures.data?.figures ?? [];
        if (!list.some(hasFigure)) return <SlideEmpty>{t('overview.empty')}</SlideEmpty>;
        const c = statusCounts(list);
        return (
          <div className="deck-overview">
            <section className="deck-col" aria-labelledby="deck-ov-status">
              <h2 id="deck-ov-status">{t('meeting.byStatus')}</h2>
              <div className="deck-tiles deck-tiles-2">
                {STATUSES.map((s) => (
                  <Tile key={s} n={formatNumber(c[s], lang)} label={t(`status.${s}`)} tone={s} testId={`deck-count-${s}`} />
                ))}
              </div>
              {c.no_target > 0 && <p className="deck-muted">{t('meeting.noTargetCount', { n: c.no_target })}</p>}
            </section>
            {headline && (
              <section className="deck-col deck-col-gauge" aria-label={kpiName(headline.kpi, lang)}>
                <DeckGauge kpi={headline.kpi} figure={headline.figure} period={view.period} />
              </section>
            )}
            <section className="deck-col" aria-labelledby="deck-ov-targets">
              <h2 id="deck-ov-targets">{headline ? t('meeting.otherTargets') : t('meeting.targets')}</h2>
              {others.length === 0 ? (
                <p>{t('meeting.noOtherTargets')}</p>
              ) : (
                <ul className="deck-targets">
                  {others.map(({ kpi, figure }) => (
                    <li key={kpi.code} data-testid={`deck-target-${kpi.code}`}>
                      <span className="deck-target-name">{kpiName(kpi, lang)}</span>
                      <span className="deck-target-figures">
                        <strong data-testid={`deck-target-value-${kpi.code}`}>{primaryValue(kpi, figure, lang)}</strong>
                        <span className="deck-muted"> / {targetValue(kpi, figure, lang)}</span> <StatusBadge status={figure.status} />
                      </span>
                      <span className="deck-target-verdict">{verdictText(figure, view.period, t, lang)}</span>
                    </li>
                  ))}
                </ul>
              )}
            </section>
          </div>
        );
      }}
    </SlideQueries>
  );
}

export function OverviewNotes({ view }: { view: DashboardView }) {
  const { t, lang } = useLang();
  const { figures, headline, others } = useOverview(view);
  if (!figures.data) return null;
  const c = statusCounts(figures.data.figures);
  const lines = [
    t('meeting.notes.overview', {
      unit: view.unit?.name ?? view.unitCode,
      period: formatPeriod(view.period, lang),
      achieved: c.achieved,
      onTrack: c.on_track,
      atRisk: c.at_risk,
      offTrack: c.off_track,
      none: c.no_target,
    }),
  ];
  for (const { kpi, figure } of [...(headline ? [headline] : []), ...others]) {
    lines.push(
      t('meeting.notes.target', {
        kpi: kpiName(kpi, lang),
        value: primaryValue(kpi, figure, lang),
        target: targetValue(kpi, figure, lang),
        status: t(`status.${figure.status}`),
        verdict: verdictText(figure, view.period, t, lang),
      }),
    );
  }
  return <NotesList lines={lines} />;
}

export function NotesList({ lines }: { lines: readonly string[] }) {
  return (
    <ul className="presenter-lines">
      {lines.map((l, i) => (
        // sentences of one slide, in order; none repeats within a slide
        // biome-ignore lint/suspicious/noArrayIndexKey: the list is rebuilt whole, never reordered
        <li key={i}>{l}</li>
      ))}
    </ul>
  );
}
