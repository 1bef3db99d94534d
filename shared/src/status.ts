import { monthsBetween, type Period } from './period.ts';

export const FIGURE_STATUSES = ['achieved', 'on_track', 'at_risk', 'off_track', 'no_target'] as const;
export type FigureStatus = (typeof FIGURE_STATUSES)[number];

/** How close to the target a projection may land and still be only "at risk". */
export const AT_RISK_MARGIN = 0.1;
/** Months of history the trend is fitted on. */
export const TREND_WINDOW = 6;

export interface TrendPoint {
  period: Period;
  value: number;
}

/** Least-squares slope per month of the last `window` points; null with fewer than two. */
export function trendSlope(points: readonly TrendPoint[], window = TREND_WINDOW): number | null {
  const pts = points.slice(-window);
  if (pts.length < 2) return null;
  const first = pts[0] as TrendPoint;
  const xs = pts.map((p) => monthsBetween(first.period, p.period));
  const ys = pts.map((p) => p.value);
  const n = pts.length;
  const mx = xs.reduce((s, x) => s + x, 0) / n;
  const my = ys.reduce((s, y) => s + y, 0) / n;
  let num = 0;
  let den = 0;
  for (let i = 0; i < n; i++) {
    const dx = (xs[i] as number) - mx;
    num += dx * ((ys[i] as number) - my);
    den += dx * dx;
  }
  return den === 0 ? null : num / den;
}

/** Where the measured value lands at `deadline` if the recent trend holds. */
export function projectTo(points: readonly TrendPoint[], deadline: Period): number | null {
  const last = points.at(-1);
  if (!last) return null;
  const ahead = monthsBetween(last.period, deadline);
  if (ahead <= 0) return last.value;
  const slope = trendSlope(points);
  if (slope === null) return last.value;
  return last.value + slope * ahead;
}

export interface StatusInput {
  /** The measure compared with the target (running total for counts), oldest first, ending at `period`. */
  history: readonly TrendPoint[];
  period: Period;
  target: number | null;
  deadline: Period | null;
  higherIsBetter: boolean;
  /** A ceiling the measure cannot pass (100 for a percentage), applied to the projection. */
  ceiling?: number | null;
}

export interface StatusResult {
  status: FigureStatus;
  attainment: number | null;
  projection: number | null;
}

function meets(value: number, target: number, higherIsBetter: boolean): boolean {
  return higherIsBetter ? value >= target : value <= target;
}

export function assessStatus(input: StatusInput): StatusResult {
  const { history, target, deadline, higherIsBetter, period } = input;
  const current = history.at(-1);
  if (target === null || !current || current.period !== period) {
    return { status: 'no_target', attainment: null, projection: null };
  }
  const attainment = higherIsBetter
    ? target === 0
      ? 100
      : (current.value / target) * 100
    : current.value === 0
      ? 100
      : (target / current.value) * 100;
  if (meets(current.value, target, higherIsBetter)) {
    return { status: 'achieved', attainment, projection: current.value };
  }
  if (deadline === null) return { status: 'at_risk', attainment, projection: null };
  const projected = projectTo(history, deadline);
  const projection = projected === null || input.ceiling == null ? projected : Math.min(input.ceiling, projected);
  if (deadline < period || projection === null) return { status: 'off_track', attainment, projection };
  if (meets(projection, target, higherIsBetter)) return { status: 'on_track', attainment, projection };
  const nearly = higherIsBetter ? target * (1 - AT_RISK_MARGIN) : target * (1 + AT_RISK_MARGIN);
  return { status: meets(projection, nearly, higherIsBetter) ? 'at_risk' : 'off_track', attainment, projection };
}
