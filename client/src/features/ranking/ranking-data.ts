/**
 * The ranking of the units below: which are lagging, how the table sorts, what the bars show.
 */
import type { BreakdownRow, Kpi } from '@tiendo/shared';
import { formatNumber, formatPercent, type Lang } from '../../i18n/format.ts';
import { type HistoryMark, historyMark } from '../units/history-mark.ts';
import { distinctNames } from '../units/unit-names.ts';

export type SortColumn = 'rank' | 'name' | 'value' | 'attainment' | 'status' | 'report';
export type SortDir = 'asc' | 'desc';

/** Share of the ranking counted as lagging when the KPI has no target to judge against. */
export const BOTTOM_SHARE = 0.2;

const STATUS_ORDER = { off_track: 0, at_risk: 1, on_track: 2, achieved: 3, no_target: 4 } as const;
const REPORT_ORDER = { missing: 0, late: 1, on_time: 2, not_expected: 3 } as const;

/** Why a unit is highlighted: behind its target, no report, or (KPIs without a target) in the bottom fifth. */
export type LagReason = 'behind' | 'missing' | 'bottom';

/**
 * A unit lags when its status is at risk or off track, or when its report is missing. For KPIs
 * without a target there is nothing to be behind, so the bottom fifth of the ranking is marked
 * separately ("bottom group") rather than called late.
 */
export function lagReasons(rows: readonly BreakdownRow[]): Map<string, LagReason> {
  const out = new Map<string, LagReason>();
  const ranked = rows.filter((r) => r.rank !== null);
  const cut = ranked.length - Math.ceil(ranked.length * BOTTOM_SHARE);
  for (const r of rows) {
    if (r.status === 'off_track' || r.status === 'at_risk') out.set(r.code, 'behind');
    else if (r.reportState === 'missing') out.set(r.code, 'missing');
    else if (r.status === 'no_target' && r.rank !== null && ranked.length >= 5 && r.rank > cut) out.set(r.code, 'bottom');
  }
  return out;
}

/** Units highlighted in the ranking, whatever the reason. */
export function laggingCodes(rows: readonly BreakdownRow[]): Set<string> {
  return new Set(lagReasons(rows).keys());
}

function compareNullable(a: number | null, b: number | null): number {
  if (a === null && b === null) return 0;
  if (a === null) return 1;
  if (b === null) return -1;
  return a - b;
}

export function sortRows(rows: readonly BreakdownRow[], column: SortColumn, dir: SortDir, locale: string): BreakdownRow[] {
  const sign = dir === 'asc' ? 1 : -1;
  const collator = new Intl.Collator(locale === 'en' ? 'en' : 'vi');
  const cmp = (a: BreakdownRow, b: BreakdownRow): number => {
    switch (column) {
      case 'name':
        return sign * collator.compare(a.name, b.name);
      case 'value': {
        // missing values sink to the bottom whichever way the column sorts
        if (a.value === null || b.value === null) return compareNullable(a.value, b.value);
        return sign * (a.value - b.value);
      }
      case 'attainment':
        if (a.attainment === null || b.attainment === null) return compareNullable(a.attainment, b.attainment);
        return sign * (a.attainment - b.attainment);
      case 'status':
        return sign * (STATUS_ORDER[a.status] - STATUS_ORDER[b.status]);
      case 'report':
        return sign * (REPORT_ORDER[a.reportState] - REPORT_ORDER[b.reportState]);
      default:
        if (a.rank === null || b.rank === null) return compareNullable(a.rank, b.rank);
        return sign * (a.rank - b.rank);
    }
  };
  return [...rows].sort((a, b) => cmp(a, b) || collator.compare(a.name, b.name));
}

export interface RankingBar {
  code: string;
  name: string;
  value: number;
  lagging: boolean;
  /** The unit did not exist in the period: its bar is its history rebuilt from former units. */
  mark: HistoryMark;
}

/** Bars best first, units without a figure left out (the table still lists them). */
export function rankingBars(rows: readonly BreakdownRow[], lagging: ReadonlySet<string>): RankingBar[] {
  const names = distinctNames(rows);
  return rows
    .filter((r): r is BreakdownRow & { value: number } => r.value !== null)
    .sort((a, b) => compareNullable(a.rank, b.rank))
    .map((r) => ({ code: r.code, name: names.get(r.code) ?? r.name, value: r.value, lagging: lagging.has(r.code), mark: historyMark(r) }));
}

/**
 * Room for the names beside the bars: enough for the longest on one line (a name with its code
 * is longer), within bounds so the bars keep most of a phone's width.
 */
export function rankingAxisWidth(bars: readonly Pick<RankingBar, 'name'>[]): number {
  const longest = bars.reduce((n, b) => Math.max(n, b.name.length), 0);
  return Math.round(Math.min(180, Math.max(120, longest * 6.4)));
}

/** The next sort when a column header is pressed: a new column starts in its natural order. */
export function nextSort(current: { column: SortColumn; dir: SortDir }, column: SortColumn): { column: SortColumn; dir: SortDir } {
  if (current.column === column) return { column, dir: current.dir === 'asc' ? 'desc' : 'asc' };
  return { column, dir: column === 'value' || column === 'attainment' ? 'desc' : 'asc' };
}

/** A ranking row's value as the table shows it. */
export function rowValue(kpi: Pick<Kpi, 'kind'>, r: Pick<BreakdownRow, 'value'> & { target?: number | null }, lang: Lang): string {
  return kpi.kind === 'ratio'
    ? formatPercent(r.value, lang, 1, [100, ...(r.target == null ? [] : [r.target])])
    : formatNumber(r.value, lang);
}

/** How many rows are rebuilt history, and how many of those are estimates: what the note under the ranking says. */
export function rebuiltCounts(rows: readonly Pick<BreakdownRow, 'rebuilt' | 'estimated'>[]): { rebuilt: number; estimated: number } {
  let rebuilt = 0;
  let estimated = 0;
  for (const r of rows) {
    const m = historyMark(r);
    if (m !== null) rebuilt++;
    if (m === 'estimated') estimated++;
  }
  return { rebuilt, estimated };
}
