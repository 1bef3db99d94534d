/**
 * The trend chart's series: monthly values, the running total, the target line and a projection
 * from the last figure to the target's deadline. The projection's end value is the server's
 * (the same trend that sets the status), so the chart and the status badge agree.
 */
import type { Kpi, SeriesPoint } from '@tiendo/shared';
import { periodIndex, periodRange } from '@tiendo/shared/period';
import { type HistoryMark, historyMark } from '../units/history-mark.ts';

export interface TrendRow {
  period: string;
  value: number | null;
  running: number | null;
  projection: number | null;
  /** Before the unit existed: its history rebuilt from former units (exact or estimated). */
  mark: HistoryMark;
  /**
   * What the chart draws, split so that the rebuilt stretch can look different (dashed line,
   * pale bars): `value`/`running` as the unit reported them, and the same before it existed.
   * Lines share the first reported month, so the two stretches join without a gap; bars do not.
   */
  valueReported: number | null;
  valueRebuilt: number | null;
  runningReported: number | null;
  runningRebuilt: number | null;
}

export interface TrendModel {
  rows: TrendRow[];
  /** Counts accumulate: show the running total beside the monthly bars. */
  showRunning: boolean;
  target: number | null;
  deadline: string | null;
  hasProjection: boolean;
  /** Some months are rebuilt history; `hasEstimated` when some of those are estimates. */
  hasRebuilt: boolean;
  /** Some months are the unit's own (a chart that is all rebuilt history has no "value" series). */
  hasReported: boolean;
  hasEstimated: boolean;
  /** The unit's first month in the chart after rebuilt ones: where the chart marks "formed". */
  formed: string | null;
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
  const rows: TrendRow[] = points.map((p) => {
    const mark = historyMark(p);
    const running = showRunning ? p.cumulative : null;
    return {
      period: p.period,
      value: p.value,
      running,
      projection: null,
      mark,
      valueReported: mark ? null : p.value,
      valueRebuilt: mark ? p.value : null,
      runningReported: mark ? null : running,
      runningRebuilt: mark ? running : null,
    };
  });
  // the first reported month after rebuilt ones: lines join there, and the chart marks the birth
  const firstOwn = rows.findIndex((r, i) => r.mark === null && i > 0 && rows[i - 1]?.mark !== null);
  const join = firstOwn > 0 ? rows[firstOwn] : undefined;
  if (join) {
    if (!showRunning) join.valueRebuilt = join.value;
    join.runningRebuilt = join.running;
  }
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
      rows.push({
        period: p,
        value: null,
        running: null,
        projection: last.value + (projection - last.value) * k,
        mark: null,
        valueReported: null,
        valueRebuilt: null,
        runningReported: null,
        runningRebuilt: null,
      });
    }
  }
  return {
    rows,
    showRunning,
    target,
    deadline,
    hasProjection: canProject,
    hasRebuilt: rows.some((r) => r.mark !== null),
    hasReported: rows.some((r) => r.valueReported !== null),
    hasEstimated: rows.some((r) => r.mark === 'estimated'),
    formed: join?.period ?? null,
  };
}

/** The span a trend chart covers: from the first period to the selected one. */
export function trendWindow(firstPeriod: string, period: string): { from: string; to: string } {
  return { from: firstPeriod < period ? firstPeriod : period, to: period };
}
