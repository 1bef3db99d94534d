/**
 * A small trend line drawn in plain SVG (no chart library on the first screen). The first
 * `rebuilt` values — history from before the unit existed — are drawn dashed, joined to the rest.
 */
export function Sparkline({ values, label, rebuilt = 0 }: { values: number[]; label: string; rebuilt?: number }) {
  const w = 120;
  const h = 32;
  if (values.length < 2) return <svg className="sparkline" width={w} height={h} role="img" aria-label={label} />;
  const min = Math.min(...values);
  const max = Math.max(...values);
  const span = max - min || 1;
  const step = w / (values.length - 1);
  const pts = values.map((v, i) => `${(i * step).toFixed(1)},${(h - 3 - ((v - min) / span) * (h - 6)).toFixed(1)}`);
  const last = pts.at(-1)?.split(',') ?? ['0', '0'];
  // the dashed stretch runs to the first reported value so the two meet
  const cut = Math.min(rebuilt, pts.length - 1);
  const before = rebuilt > 0 ? pts.slice(0, cut + 1) : [];
  const after = rebuilt > 0 ? pts.slice(cut) : pts;
  return (
    <svg className="sparkline" width={w} height={h} viewBox={`0 0 ${w} ${h}`} role="img" aria-label={label}>
      {before.length > 1 && (
        <polyline
          points={before.join(' ')}
          fill="none"
          stroke="currentColor"
          strokeOpacity="0.6"
          strokeWidth="1.5"
          strokeDasharray="3 2"
          strokeLinejoin="round"
          data-rebuilt="true"
        />
      )}
      {after.length > 1 && (
        <polyline points={after.join(' ')} fill="none" stroke="currentColor" strokeWidth="1.75" strokeLinejoin="round" />
      )}
      <circle cx={last[0]} cy={last[1]} r="2.5" fill="currentColor" />
    </svg>
  );
}
