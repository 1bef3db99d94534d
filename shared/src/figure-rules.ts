/**
 * How a figure is read against its target, once for the server's replies, the report, the meeting
 * deck and the dashboard: which number a target and a ranking compare (a count's running total),
 * whether a unit has its own figure or the sum of the units below, which units are behind, and
 * how ties share a rank. Pure, so each surface shows the same units in the same order.
 */
import type { KpiKind, KpiRule } from './kpi.ts';
import { roundPercent, shareThresholds } from './number-format.ts';
import type { FigureStatus } from './status.ts';

/** The parts of a figure or a breakdown row these rules read. */
export interface MeasuredFigure {
  value: number | null;
  cumulative?: number | null | undefined;
}

/**
 * What a target is measured against and a ranking compares: counts compare their running total
 * (a target of "3 million records" is met over the years, not in one month), every other kind its
 * figure for the month (a stock, a percentage, the checklist items done).
 */
export function targetMeasure(kind: KpiKind, f: MeasuredFigure): number | null {
  return kind === 'count' ? (f.cumulative ?? null) : f.value;
}

// ——— own figure or aggregate ———

/**
 * Where a unit's figure of a KPI comes from: `own` when units of its tier report the KPI
 * themselves, `aggregate` when only tiers below do (the figure is their sum), null when nobody at
 * or below its tier reports it (the unit does not follow the KPI). `level` is the tier.
 */
export function figureSourceAt(kpi: Pick<KpiRule, 'reportLevels'>, level: number): 'own' | 'aggregate' | null {
  if (kpi.reportLevels.includes(level)) return 'own';
  return kpi.reportLevels.some((l) => l > level) ? 'aggregate' : null;
}

/** Whether a unit of this tier has a figure of the KPI at all, its own or its units' sum. */
export function followsKpi(kpi: Pick<KpiRule, 'reportLevels'>, level: number): boolean {
  return figureSourceAt(kpi, level) !== null;
}

/** Whether some tier below this one reports the KPI: the units below have figures to compare. */
export function reportedBelow(kpi: Pick<KpiRule, 'reportLevels'>, level: number): boolean {
  return kpi.reportLevels.some((l) => l > level);
}

// ——— units behind ———

/** The statuses that count a unit as behind its target. */
export const BEHIND_STATUSES: readonly FigureStatus[] = ['off_track', 'at_risk'];

export function isBehindStatus(status: FigureStatus): boolean {
  return BEHIND_STATUSES.includes(status);
}

/** The parts of a breakdown row the choice of units behind reads. */
export interface BehindCandidate {
  code: string;
  value: number | null;
  status: FigureStatus;
  attainment: number | null;
  reportState?: string | undefined;
}

/**
 * A unit that sent no report this period and has no figure: "chưa báo cáo". It is counted as
 * unreported, never as behind or ranked (a count's running total alone would call it behind).
 */
export function isUnreported(r: Pick<BehindCandidate, 'reportState' | 'value'>): boolean {
  return r.reportState === 'missing' && r.value === null;
}

/** Whether a row counts as behind its target: off track or at risk, with an attainment, and reported. */
export function isBehind(r: BehindCandidate): boolean {
  return isBehindStatus(r.status) && r.attainment !== null && !isUnreported(r);
}

/**
 * The units behind on one KPI, furthest from the target first (lowest attainment), ties in the
 * order `tie` gives (by code unless told): the one choice behind the meeting deck's "units
 * behind", its group slides' "lowest" and the report's "units behind target".
 */
export function unitsBehindOn<R extends BehindCandidate>(
  rows: readonly R[],
  tie: (a: R, b: R) => number = (a, b) => a.code.localeCompare(b.code),
): (R & { attainment: number })[] {
  return rows.filter((r): r is R & { attainment: number } => isBehind(r)).sort((a, b) => a.attainment - b.attainment || tie(a, b));
}

// ——— ranks ———

/**
 * The number a unit ranks on among the units below: its target measure as it is printed. A
 * percentage ranks on the number the dashboard and the report show (one decimal, never rounded
 * up into 100 % or the target), so two units that both read "99,9 %" share a rank: ranking them
 * first and second would claim a difference no reader can see. Counts, stocks and checklists
 * are whole numbers, printed exactly. Null: nothing to rank this month; a flow that was not
 * reported has no figure (its running total alone would rank a silent unit above those that
 * reported), while a level counts with its carried value, as the figure itself does.
 */
export function rankKey(kind: KpiKind, row: MeasuredFigure & { target: number | null }): number | null {
  if (row.value === null) return null;
  const m = targetMeasure(kind, row);
  if (m === null) return null;
  return kind === 'ratio' ? roundPercent(m, 1, shareThresholds(row.target)) : m;
}

export interface Ranked<T> {
  item: T;
  key: number;
  /** Standard competition rank: one more than the items strictly ahead (1, 2, 2, 4). */
  rank: number;
}

/**
 * Standard competition ranking (1, 2, 2, 4) on a key, better first (higher, or lower for a KPI
 * where lower is better); equal keys share a rank and keep the order they came in. Items whose
 * key is null are left out: they are listed after the ranked, unranked.
 */
export function competitionRanks<T>(items: readonly T[], key: (item: T) => number | null, higherIsBetter: boolean): Ranked<T>[] {
  const out: Ranked<T>[] = [];
  for (const item of items) {
    const k = key(item);
    if (k !== null) out.push({ item, key: k, rank: 0 });
  }
  // Array.prototype.sort is stable: equal keys keep the order they came in.
  out.sort(higherIsBetter ? (a, b) => b.key - a.key : (a, b) => a.key - b.key);
  for (let n = 0; n < out.length; n++) {
    const x = out[n] as Ranked<T>;
    const prev = out[n - 1];
    x.rank = prev && prev.key === x.key ? prev.rank : n + 1;
  }
  return out;
}
