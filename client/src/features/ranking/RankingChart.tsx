import { Bar, BarChart, CartesianGrid, Cell, ReferenceLine, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { formatNumber, formatPercent, formatSigned } from '../../i18n/format.ts';
import { useLang } from '../../i18n/index.ts';
import { PER_THOUSAND_DIGITS, type RankBy } from './rank-by.ts';
import { barDomain, type RankingBar, rankingAxisWidth } from './ranking-data.ts';

/**
 * Horizontal bars in the ranking's order, each the measure ranked on; lagging units in red,
 * units that did not exist yet pale with a dashed edge. Clicking a bar drills down. The axis
 * starts at zero (a change may go below it), whole-number measures tick at whole numbers only.
 */
export default function RankingChart({
  bars,
  by,
  percent,
  whole,
  points,
  label,
  name,
  onOpen,
}: {
  bars: RankingBar[];
  by: RankBy;
  /** The measure is a percentage: its axis runs to at least 100 %. */
  percent: boolean;
  /** The measure is always a whole number. */
  whole: boolean;
  /** A change of a percentage, in points. */
  points: boolean;
  label: string;
  /** What the bars measure, for the tooltip. */
  name: string;
  onOpen: (code: string) => void;
}) {
  const { lang } = useLang();
  const fmt = (v: number) =>
    percent
      ? formatPercent(v, lang)
      : by === 'change'
        ? formatSigned(v, lang, points ? 1 : 0)
        : formatNumber(v, lang, by === 'perThousand' ? PER_THOUSAND_DIGITS : 0);
  const tick = (v: number) => (percent ? formatPercent(v, lang, 0) : formatNumber(v, lang, whole ? 0 : PER_THOUSAND_DIGITS));
  const height = Math.max(160, bars.length * 22 + 40);
  const domain = barDomain(
    bars.map((b) => b.value),
    percent,
  );
  return (
    <div className="chart ranking-chart" role="img" aria-label={label} data-testid="ranking-chart">
      <ResponsiveContainer width="100%" height={height}>
        <BarChart data={bars} layout="vertical" margin={{ top: 4, right: 16, bottom: 4, left: 4 }}>
          <CartesianGrid strokeDasharray="3 3" horizontal={false} stroke="#d0d7de" />
          <XAxis type="number" tickFormatter={tick} tick={{ fontSize: 11 }} domain={domain} allowDecimals={!whole} />
          <YAxis type="category" dataKey="name" width={rankingAxisWidth(bars)} tick={{ fontSize: 12 }} interval={0} />
          {domain[0] < 0 && <ReferenceLine x={0} stroke="#57606a" />}
          <Tooltip formatter={(v) => (typeof v === 'number' ? fmt(v) : String(v ?? ''))} />
          <Bar
            dataKey="value"
            name={name}
            maxBarSize={28}
            isAnimationActive={false}
            onClick={(d) => onOpen((d as unknown as { code: string }).code)}
            cursor="pointer"
          >
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
