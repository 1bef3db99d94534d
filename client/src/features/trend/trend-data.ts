/**
 * The trend chart's series: monthly values, the running total, the target line and a projection
 * from the last figure to the target's deadline. The projection's end value is the server's
 * (the same trend that sets the status), so the chart and the status badge agree.
 */
import type { Kpi, SeriesPoint } from '@tiendo/shared';
import { periodIndex, periodRange } from '../../lib/period.ts';

export interface TrendRow {
  period: string;
  value: number | null;
  running: number | null;
  projection: number | null;
}

export interface TrendModel {
  rows: TrendRow[];
  /** Counts accumulate: show the running total beside the monthly bars. */
  showRunning: boolean;
  target: number | null;
  deadline: string | null;
  hasProjection: boolean;
}

export interface TrendInput {
  kpi: Pick<Kpi, 'kind'>;
  points: readonly SeriesPoint[];
  target: number | null;
  deadline: string | null;
  /** Projected value at the deadline, from the figure of the last period. */
  projection: number | null | undefined;
}

export function buildTrend({ kpi, points, target, deadline, projection }: TrendInput): TrendModel {
  const showRunning = kpi.kind === 'count';
  const rows: TrendRow[] = points.map((p) => ({
    period: p.period,
    value: p.value,
    running: showRunning ? p.cumulative : null,
    projection: null,
  }));
  const last = [...rows].reverse().find((r) => r.value !== null);
  const lastPeriod = rows.at(-1)?.period;
  const canProject =
    projection !== null &&
    projection !== undefined &&
    deadline !== null &&
    last !== undefined &&
    lastPeriod !== undefined &&
    deadline > lastPeriod;
  if (canProject && last && lastPeriod && deadline && last.value !== null) {
    const start = periodIndex(last.period);
    const span = periodIndex(deadline) - start;
    last.projection = last.value;
    for (const p of periodRange(lastPeriod, deadline).slice(1)) {
      const k = (periodIndex(p) - start) / span;
      rows.push({ period: p, value: null, running: null, projection: last.value + (projection - last.value) * k });
    }
  }
  return { rows, showRunning, target, deadline, hasProjection: canProject };
}

/** The span a trend chart covers: from the first period to the selected one. */
export function trendWindow(firstPeriod: string, period: string): { from: string; to: string } {
  return { from: firstPeriod < period ? firstPeriod : period, to: period };
}
