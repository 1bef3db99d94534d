import type { Kpi, SeriesPoint } from '@tiendo/shared';
import { useRef } from 'react';
import { Bar, CartesianGrid, ComposedChart, Legend, Line, ResponsiveContainer, XAxis, YAxis } from 'recharts';
import { formatCompact, formatNumber, formatPercent, formatPeriodShort } from '../../../i18n/format.ts';
import { useLang } from '../../../i18n/index.ts';
import type { TrendModel } from '../../trend/trend-data.ts';
import { useFontPx } from './use-font-px.ts';

const BLUE = '#0550ae';
const PALE_BLUE = '#8cb8e8';
const TARGET = '#b42318';
const PROJECTION = '#7d4e00';

/**
 * A KPI's last twelve months against its target, drawn for a projector: thick lines, large
 * ticks (sized by the deck's CSS), the target as a dashed step line (a target raised from a
 * month on shows the step), axes from zero. Counts are monthly bars; levels and shares a line.
 */
export default function DeckTrend({
  kpi,
  model,
  points,
  label,
}: {
  kpi: Pick<Kpi, 'kind'>;
  model: TrendModel;
  points: readonly SeriesPoint[];
  label: string;
}) {
  const { t, lang } = useLang();
  const ref = useRef<HTMLDivElement>(null);
  const em = useFontPx(ref);
  const tickPx = Math.round(em * 0.78);
  const tickStyle = { fontSize: tickPx, fill: '#24292f' };
  const isRatio = kpi.kind === 'ratio';
  const bars = kpi.kind === 'count';
  const targets = new Map(points.map((p) => [p.period, p.target ?? null]));
  const rows = model.rows.map((r) => ({ ...r, target: targets.get(r.period) ?? (r.projection !== null ? model.target : null) }));
  const hasTarget = rows.some((r) => r.target !== null);
  const tick = (v: number) => (isRatio ? formatPercent(v, lang, 0) : formatCompact(v, lang));
  const last = [...model.rows].reverse().find((r) => r.value !== null);
  const summary = last
    ? `${label}: ${isRatio ? formatPercent(last.value, lang, 1) : formatNumber(last.value, lang)} (${formatPeriodShort(last.period, lang)})`
    : label;
  return (
    <div className="deck-chart" role="img" aria-label={summary} ref={ref}>
      <ResponsiveContainer width="100%" height="100%">
        <ComposedChart data={rows} margin={{ top: Math.round(em * 0.6), right: Math.round(em * 1.4), bottom: 0, left: 0 }}>
          <CartesianGrid stroke="#d0d7de" vertical={false} />
          <XAxis
            dataKey="period"
            tickFormatter={(p: string) => formatPeriodShort(p, lang)}
            minTickGap={Math.round(em * 0.6)}
            tickMargin={Math.round(em * 0.3)}
            tick={tickStyle}
            stroke="#57606a"
          />
          <YAxis
            tickFormatter={tick}
            width="auto"
            domain={isRatio ? [0, 100] : [0, 'auto']}
            allowDecimals={kpi.kind !== 'checklist' && kpi.kind !== 'count'}
            tick={tickStyle}
            stroke="#57606a"
          />
          <Legend
            verticalAlign="bottom"
            height={Math.round(em * 1.5)}
            formatter={(value) => <span className="deck-legend-text">{value}</span>}
          />
          {bars && model.hasRebuilt && (
            <Bar dataKey="valueRebuilt" stackId="m" name={t('mapView.trendRebuilt')} fill={PALE_BLUE} isAnimationActive={false} />
          )}
          {bars && model.hasReported && (
            <Bar dataKey="valueReported" stackId="m" name={t('meeting.chart.monthly')} fill={BLUE} isAnimationActive={false} />
          )}
          {!bars && model.hasRebuilt && (
            <Line
              dataKey="valueRebuilt"
              name={t('mapView.trendRebuilt')}
              stroke={PALE_BLUE}
              strokeWidth={4}
              strokeDasharray="8 5"
              dot={false}
              isAnimationActive={false}
            />
          )}
          {!bars && model.hasReported && (
            <Line
              dataKey="valueReported"
              name={t('meeting.chart.value')}
              stroke={BLUE}
              strokeWidth={Math.max(3, em * 0.22)}
              dot={{ r: Math.max(2, em * 0.16), fill: BLUE }}
              isAnimationActive={false}
              connectNulls={false}
            />
          )}
          {model.hasProjection && (
            <Line
              dataKey="projection"
              name={t('trend.projection')}
              stroke={PROJECTION}
              strokeWidth={3}
              strokeDasharray="10 6"
              dot={false}
              isAnimationActive={false}
            />
          )}
          {hasTarget && (
            <Line
              dataKey="target"
              type="stepAfter"
              name={t('trend.target')}
              stroke={TARGET}
              strokeWidth={3}
              strokeDasharray="6 4"
              dot={false}
              isAnimationActive={false}
            />
          )}
        </ComposedChart>
      </ResponsiveContainer>
    </div>
  );
}
