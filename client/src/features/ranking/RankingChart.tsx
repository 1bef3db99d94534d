import { Bar, BarChart, CartesianGrid, Cell, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { formatNumber, formatPercent } from '../../i18n/format.ts';
import { useLang } from '../../i18n/index.ts';
import { type RankingBar, rankingAxisWidth } from './ranking-data.ts';

/**
 * Horizontal bars, best first; lagging units in red, units that did not exist yet pale with a
 * dashed edge. Clicking a bar drills down.
 */
export default function RankingChart({
  bars,
  kind,
  label,
  onOpen,
}: {
  bars: RankingBar[];
  kind: string;
  label: string;
  onOpen: (code: string) => void;
}) {
  const { lang } = useLang();
  const fmt = (v: number) => (kind === 'ratio' ? formatPercent(v, lang) : formatNumber(v, lang));
  const height = Math.max(160, bars.length * 22 + 40);
  return (
    <div className="chart ranking-chart" role="img" aria-label={label}>
      <ResponsiveContainer width="100%" height={height}>
        <BarChart data={bars} layout="vertical" margin={{ top: 4, right: 16, bottom: 4, left: 4 }}>
          <CartesianGrid strokeDasharray="3 3" horizontal={false} stroke="#d0d7de" />
          <XAxis type="number" tickFormatter={fmt} tick={{ fontSize: 11 }} domain={kind === 'ratio' ? ['auto', 'auto'] : [0, 'auto']} />
          <YAxis type="category" dataKey="name" width={rankingAxisWidth(bars)} tick={{ fontSize: 12 }} interval={0} />
          <Tooltip formatter={(v) => (typeof v === 'number' ? fmt(v) : String(v ?? ''))} />
          <Bar dataKey="value" isAnimationActive={false} onClick={(d) => onOpen((d as unknown as { code: string }).code)} cursor="pointer">
            {bars.map((b) => (
              <Cell
                key={b.code}
                // rebuilt history (the unit did not exist yet): pale with a dashed edge, as in the trend chart
                fill={b.mark ? (b.lagging ? '#f1b0b0' : '#a9cdf2') : b.lagging ? '#c62828' : '#0b6bcb'}
                stroke={b.mark ? (b.lagging ? '#c62828' : '#0b6bcb') : undefined}
                strokeDasharray={b.mark ? '3 2' : undefined}
              />
            ))}
          </Bar>
        </BarChart>
      </ResponsiveContainer>
    </div>
  );
}
