import { Bar, CartesianGrid, ComposedChart, Legend, Line, ReferenceLine, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { formatNumber, formatPercent, formatPeriod, formatPeriodShort } from '../../i18n/format.ts';
import { useLang } from '../../i18n/index.ts';
import type { TrendModel } from './trend-data.ts';

/** Renders a ready trend model; all shaping is in `trend-data.ts`. */
export default function TrendChart({ model, kind, label }: { model: TrendModel; kind: string; label: string }) {
  const { t, lang } = useLang();
  const isRatio = kind === 'ratio';
  const fmt = (v: number) => (isRatio ? formatPercent(v, lang, 0) : formatNumber(v, lang));
  const compact = (v: number) =>
    isRatio
      ? formatPercent(v, lang, 0)
      : new Intl.NumberFormat(lang === 'vi' ? 'vi-VN' : 'en-US', { notation: 'compact', maximumFractionDigits: 1 }).format(v);
  return (
    <div className="chart" role="img" aria-label={`${t('trend.heading', { kpi: label })}. ${t('common.showTable')}.`}>
      <ResponsiveContainer width="100%" height={300}>
        <ComposedChart data={model.rows} margin={{ top: 8, right: 8, bottom: 0, left: 0 }}>
          <CartesianGrid strokeDasharray="3 3" stroke="#d0d7de" />
          <XAxis dataKey="period" tickFormatter={(p: string) => formatPeriodShort(p, lang)} minTickGap={16} tick={{ fontSize: 12 }} />
          <YAxis yAxisId="v" tickFormatter={compact} width={56} tick={{ fontSize: 12 }} domain={isRatio ? [0, 100] : [0, 'auto']} />
          {model.showRunning && <YAxis yAxisId="r" orientation="right" tickFormatter={compact} width={56} tick={{ fontSize: 12 }} />}
          <Tooltip
            labelFormatter={(p) => formatPeriod(String(p), lang)}
            formatter={(v) => (typeof v === 'number' ? fmt(v) : String(v ?? ''))}
          />
          <Legend />
          {model.showRunning ? (
            <Bar yAxisId="v" dataKey="value" name={t('trend.monthly')} fill="#0b6bcb" isAnimationActive={false} />
          ) : (
            <Line
              yAxisId="v"
              dataKey="value"
              name={t('trend.value')}
              stroke="#0b6bcb"
              strokeWidth={2}
              dot={false}
              isAnimationActive={false}
              connectNulls={false}
            />
          )}
          {model.showRunning && (
            <Line
              yAxisId="r"
              dataKey="running"
              name={t('trend.running')}
              stroke="#8250df"
              strokeWidth={2}
              dot={false}
              isAnimationActive={false}
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
