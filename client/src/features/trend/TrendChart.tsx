import { Bar, CartesianGrid, ComposedChart, Legend, Line, ReferenceLine, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { formatCompact, formatNumber, formatPercent, formatPeriod, formatPeriodShort } from '../../i18n/format.ts';
import { useLang } from '../../i18n/index.ts';
import type { TrendModel } from './trend-data.ts';

const BLUE = '#0b6bcb';
const PURPLE = '#8250df';
// rebuilt history: the same hues, lighter (the legend swatch takes the colour, not an opacity)
const PALE_BLUE = '#a9cdf2';
const LIGHT_BLUE = '#5b9fe0';
const LIGHT_PURPLE = '#b89cf0';

/**
 * Renders a ready trend model; all shaping is in `trend-data.ts`. Months before the unit existed
 * (history rebuilt from former units) are pale bars or dashed lines, with their own legend entry
 * and a line where the unit was formed.
 */
export default function TrendChart({ model, kind, label }: { model: TrendModel; kind: string; label: string }) {
  const { t, lang } = useLang();
  const isRatio = kind === 'ratio';
  const rebuiltName = model.hasEstimated ? t('mapView.trendRebuiltEstimated') : t('mapView.trendRebuilt');
  const fmt = (v: number) => (isRatio ? formatPercent(v, lang, 0) : formatNumber(v, lang));
  const compact = (v: number) => (isRatio ? formatPercent(v, lang, 0) : formatCompact(v, lang));
  return (
    <div className="chart" role="img" aria-label={`${t('trend.heading', { kpi: label })}. ${t('common.showTable')}.`}>
      <ResponsiveContainer width="100%" height={300}>
        <ComposedChart data={model.rows} margin={{ top: 8, right: 8, bottom: 0, left: 0 }}>
          <CartesianGrid strokeDasharray="3 3" stroke="#d0d7de" />
          <XAxis dataKey="period" tickFormatter={(p: string) => formatPeriodShort(p, lang)} minTickGap={16} tick={{ fontSize: 12 }} />
          {/* both axes start at zero; amounts are whole numbers, so a month of 3 ticks at 0, 1, 2, 3 and never at 0,5 */}
          <YAxis
            yAxisId="v"
            tickFormatter={compact}
            width="auto"
            tick={{ fontSize: 12 }}
            domain={isRatio ? [0, 100] : [0, 'auto']}
            allowDecimals={isRatio}
          />
          {model.showRunning && (
            <YAxis
              yAxisId="r"
              orientation="right"
              tickFormatter={compact}
              width="auto"
              tick={{ fontSize: 12 }}
              domain={[0, 'auto']}
              allowDecimals={false}
            />
          )}
          <Tooltip
            labelFormatter={(p) => formatPeriod(String(p), lang)}
            formatter={(v) => (typeof v === 'number' ? fmt(v) : String(v ?? ''))}
          />
          {/* legend words in the text colour: the pale swatch of rebuilt history is no colour to read */}
          <Legend formatter={(value) => <span className="chart-legend-text">{value}</span>} />
          {model.showRunning && model.hasRebuilt && (
            <Bar
              yAxisId="v"
              dataKey="valueRebuilt"
              stackId="month"
              name={rebuiltName}
              fill={PALE_BLUE}
              stroke={BLUE}
              strokeDasharray="3 2"
              isAnimationActive={false}
            />
          )}
          {!model.hasReported ? null : model.showRunning ? (
            <Bar yAxisId="v" dataKey="valueReported" stackId="month" name={t('trend.monthly')} fill={BLUE} isAnimationActive={false} />
          ) : (
            <Line
              yAxisId="v"
              dataKey="valueReported"
              name={t('trend.value')}
              stroke={BLUE}
              strokeWidth={2}
              dot={false}
              isAnimationActive={false}
              connectNulls={false}
            />
          )}
          {!model.showRunning && model.hasRebuilt && (
            <Line
              yAxisId="v"
              dataKey="valueRebuilt"
              name={rebuiltName}
              stroke={LIGHT_BLUE}
              strokeDasharray="5 4"
              strokeWidth={2}
              dot={false}
              isAnimationActive={false}
              connectNulls={false}
            />
          )}
          {model.showRunning && model.hasReported && (
            <Line
              yAxisId="r"
              dataKey="runningReported"
              name={t('trend.running')}
              stroke={PURPLE}
              strokeWidth={2}
              dot={false}
              isAnimationActive={false}
            />
          )}
          {model.showRunning && model.hasRebuilt && (
            <Line
              yAxisId="r"
              dataKey="runningRebuilt"
              name={t('mapView.runningRebuilt')}
              stroke={LIGHT_PURPLE}
              strokeDasharray="5 4"
              strokeWidth={2}
              dot={false}
              isAnimationActive={false}
            />
          )}
          {model.formed && (
            <ReferenceLine
              yAxisId="v"
              x={model.formed}
              stroke="#57606a"
              strokeDasharray="2 2"
              label={{ value: t('mapView.formed'), position: 'insideTopRight', fontSize: 12 }}
            />
          )}
          {model.hasProjection && (
            <Line
              yAxisId="v"
              dataKey="projection"
              name={t('trend.projection')}
              stroke="#9a6700"
              strokeDasharray="6 4"
              strokeWidth={2}
              dot={false}
              isAnimationActive={false}
            />
          )}
          {model.target !== null && (
            <ReferenceLine
              yAxisId="v"
              y={model.target}
              stroke="#c62828"
              strokeDasharray="4 2"
              label={{ value: `${t('trend.target')} ${fmt(model.target)}`, position: 'insideTopLeft', fontSize: 12 }}
            />
          )}
          {model.deadline && model.rows.some((r) => r.period === model.deadline) && (
            <ReferenceLine
              yAxisId="v"
              x={model.deadline}
              stroke="#c62828"
              label={{ value: formatPeriodShort(model.deadline, lang), position: 'top', fontSize: 12 }}
            />
          )}
        </ComposedChart>
      </ResponsiveContainer>
    </div>
  );
}
