import { useQuery } from '@tanstack/react-query';
import { addMonths } from '@tiendo/shared/period';
import type { ReactNode } from 'react';
import { StatusBadge } from '../../components/StatusBadge.tsx';
import { formatDateTime, formatNumber, formatPercent, formatPeriod } from '../../i18n/format.ts';
import { useLang } from '../../i18n/index.ts';
import { navigate } from '../../routing/use-url-state.ts';
import type { DashboardView } from '../dashboard/view.ts';
import { kpiName, kpiUnit } from '../dashboard/view.ts';
import { RowNote } from '../ranking/RowNote.tsx';
import { HistoryTag } from '../units/HistoryTag.tsx';
import { seriesQuery } from '../units/queries.ts';
import { changeModel, figureMark, type KpiCardModel, primaryValue, sparklineModel, targetValue } from './overview-data.ts';
import { Sparkline } from './Sparkline.tsx';

const SPARK_MONTHS = 12;

export function KpiCard({
  card,
  view,
  compact,
  flag,
}: {
  card: KpiCardModel;
  view: DashboardView;
  compact?: boolean;
  /** A mark beside the status (e.g. changed since the meeting report was issued). */
  flag?: ReactNode;
}) {
  const { t, lang } = useLang();
  const { kpi, figure: f } = card;
  const name = kpiName(kpi, lang);
  const series = useQuery(seriesQuery(view.unitCode, kpi.code, view.firstPeriod, view));
  const from = addMonths(view.period, -(SPARK_MONTHS - 1));
  const spark = sparklineModel((series.data?.points ?? []).filter((p) => p.period >= from));
  const mark = figureMark(f);
  const change = changeModel(kpi, f, lang);
  const target = targetValue(kpi, f, lang);
  const secondary =
    kpi.kind === 'count'
      ? t('overview.thisMonth', { value: formatNumber(f.value, lang) })
      : kpi.kind === 'ratio' && kpi.ratioMode === 'flow' && f.cumulative != null
        ? `${t('overview.cumulative')}: ${formatPercent(f.cumulative, lang)}`
        : null;
  const sparkFormat = (v: number) => (kpi.kind === 'ratio' ? formatPercent(v, lang) : formatNumber(v, lang));

  return (
    <article className={`kpi-card status-edge-${f.status}`} data-testid={`kpi-card-${kpi.code}`} aria-labelledby={`kpi-${kpi.code}-name`}>
      <h3 id={`kpi-${kpi.code}-name`}>{name}</h3>
      <div className="kpi-card-row">
        <StatusBadge status={f.status} />
        {f.carried && <span className="carried-flag">{t('overview.carriedShort')}</span>}
        {flag}
        {mark && (
          <span className="carried-flag history-flag" data-testid={`kpi-history-${kpi.code}`}>
            <HistoryTag mark={mark} long />
          </span>
        )}
      </div>
      <p className="kpi-value">
        {kpi.kind === 'count' && <span className="kpi-value-label">{t('overview.cumulative')} </span>}
        <span className="kpi-value-number" data-testid={`kpi-value-${kpi.code}`}>
          {primaryValue(kpi, f, lang)}
        </span>
        {kpi.kind !== 'ratio' && f.value !== null && <span className="kpi-unit"> {kpiUnit(kpi, lang)}</span>}
      </p>
      {secondary && <p className="kpi-secondary">{secondary}</p>}
      {f.units && f.units.reported < f.units.expected && (
        <p className="kpi-made-of" data-testid={`kpi-made-of-${kpi.code}`}>
          {t(f.units.carried > 0 ? 'overview.madeOfCarried' : 'overview.madeOfReported', {
            reported: formatNumber(f.units.reported, lang),
            expected: formatNumber(f.units.expected, lang),
            carried: formatNumber(f.units.carried, lang),
          })}
        </p>
      )}
      <p className="kpi-target">
        {target ? (
          <>
            {t('overview.target')} {target}
            {f.deadline && ` · ${t('overview.deadline', { period: formatPeriod(f.deadline, lang) })}`}
            {f.attainment != null && (
              <>
                <br />
                {t('overview.attainment', { value: formatPercent(f.attainment, lang) })}
              </>
            )}
          </>
        ) : (
          t('overview.noTarget')
        )}
      </p>
      <p className={`kpi-change change-${change.kind} ${kpi.higherIsBetter ? '' : 'lower-better'}`}>
        {change.kind === 'up' || change.kind === 'down' ? (
          <>
            <span aria-hidden="true">{change.kind === 'up' ? '▲ ' : '▼ '}</span>
            {change.points ? t('overview.changePoints', { value: change.text }) : t('overview.changeVsLast', { value: change.text })}
          </>
        ) : change.kind === 'flat' ? (
          t('overview.noChange')
        ) : null}
      </p>
      {/* the unit's own explanation of this value; its difficulties show once above the cards */}
      {f.note?.source === 'flag' && <RowNote note={f.note} testId={`kpi-note-${kpi.code}`} />}
      {!compact && (
        <div className="kpi-spark">
          <Sparkline
            values={spark.values}
            rebuilt={spark.rebuilt}
            label={`${t('overview.sparkline', { values: spark.values.map(sparkFormat).join('; ') })}${spark.rebuilt > 0 ? ` (${t('mapView.sparkRebuilt')})` : ''}`}
          />
          <button
            type="button"
            className="link-button no-print"
            onClick={() => {
              navigate({ kpi: kpi.code });
              document.getElementById('trend')?.scrollIntoView({ behavior: 'smooth', block: 'start' });
            }}
            aria-label={t('overview.trendButton', { kpi: name })}
          >
            {t('overview.trendLink')} <span aria-hidden="true">›</span>
          </button>
        </div>
      )}
      <p className="kpi-asof">
        {f.carried && f.carriedFrom
          ? t('overview.carried', { period: formatPeriod(f.carriedFrom, lang) })
          : f.source === 'aggregate'
            ? t('overview.aggregate', { n: formatNumber(f.contributors, lang) })
            : f.source === 'own'
              ? t('overview.own')
              : t('common.noData')}
        {f.updatedAt && ` · ${t('overview.updated', { time: formatDateTime(f.updatedAt, lang) })}`}
      </p>
    </article>
  );
}
