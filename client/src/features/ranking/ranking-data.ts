/**
 * The ranking of the units below: which are lagging, how the table sorts, what the bars show.
 */
import type { BreakdownRow, Kpi } from '@tiendo/shared';
import { isBehind } from '@tiendo/shared/figure-rules';
import { nextSortOf, type SortDir } from '../../components/SortHeader.tsx';
import { formatNumber, formatShare, type Lang } from '../../i18n/format.ts';
import { type HistoryMark, historyMark } from '../units/history-mark.ts';
import { distinctNames } from '../units/unit-names.ts';
import type { PlacedRow } from './rank-by.ts';

export type SortColumn = 'rank' | 'name' | 'value' | 'attainment' | 'measure' | 'status' | 'report';
export type { SortDir };

/** Share of the ranking counted as lagging when the KPI has no target to judge against. */
export const BOTTOM_SHARE = 0.2;

const STATUS_ORDER = { off_track: 0, at_risk: 1, on_track: 2, achieved: 3, no_target: 4 } as const;
const REPORT_ORDER = { missing: 0, late: 1, on_time: 2, not_expected: 3 } as const;

/** Why a unit is highlighted: behind its target, no report, or (KPIs without a target) in the bottom fifth. */
export type LagReason = 'behind' | 'missing' | 'bottom';

/**
 * A unit lags when it is behind its target (the rule the meeting deck and the report choose the
 * units behind by: at risk or off track, and reported), or when its report is missing. For KPIs
 * without a target there is nothing to be behind, so the bottom fifth of the ranking is marked
 * separately ("bottom group") rather than called late: the bottom of the order on screen (a
 * row's `place` in the chosen order where it has one, else the API's rank).
 */
export function lagReasons(rows: readonly (BreakdownRow & { place?: number | null })[]): Map<string, LagReason> {
  const out = new Map<string, LagReason>();
  const rankOf = (r: BreakdownRow & { place?: number | null }) => (r.place === undefined ? r.rank : r.place);
  const ranked = rows.filter((r) => rankOf(r) !== null);
  const cut = ranked.length - Math.ceil(ranked.length * BOTTOM_SHARE);
  for (const r of rows) {
    const rank = rankOf(r);
    if (isBehind(r)) out.set(r.code, 'behind');
    else if (r.reportState === 'missing') out.set(r.code, 'missing');
    else if (r.status === 'no_target' && rank !== null && ranked.length >= 5 && rank > cut) out.set(r.code, 'bottom');
  }
  return out;
}

/** Units highlighted in the ranking, whatever the reason. */
export function laggingCodes(rows: readonly BreakdownRow[]): Set<string> {
  return new Set(lagReasons(rows).keys());
}

/**
 * The leader's question before the meeting: which of the units highlighted (behind, silent, or in
 * the bottom group) have given no reason, in their report of the month, for this figure?
 */
export function behindWithoutNote<T extends BreakdownRow>(rows: readonly T[], lagging: ReadonlyMap<string, LagReason>): T[] {
  return rows.filter((r) => lagging.has(r.code) && !r.note);
}

/** Notes longer than this are cut on one line, the whole text a press away. */
export const NOTE_PREVIEW = 90;

function compareNullable(a: number | null, b: number | null): number {
  if (a === null && b === null) return 0;
  if (a === null) return 1;
  if (b === null) return -1;
  return a - b;
}

/**
 * The table's order. By rank it is the chosen ranking's order (places; ties and the unranked in the
 * order given, the unranked last either way); other columns sort on their own values.
 */
export function sortRows(rows: readonly PlacedRow[], column: SortColumn, dir: SortDir, locale: string): PlacedRow[] {
  const sign = dir === 'asc' ? 1 : -1;
  const collator = new Intl.Collator(locale === 'en' ? 'en' : 'vi');
  const given = new Map(rows.map((r, i) => [r.code, i]));
  if (column === 'rank') {
    const placed = rows.filter((r) => r.place !== null);
    const ordered = dir === 'asc' ? placed : [...placed].reverse();
    return [...ordered, ...rows.filter((r) => r.place === null)];
  }
  const cmp = (a: PlacedRow, b: PlacedRow): number => {
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
      case 'measure':
        if (a.measure === null || b.measure === null) return compareNullable(a.measure, b.measure);
        return sign * (a.measure - b.measure);
      case 'status':
        return sign * (STATUS_ORDER[a.status] - STATUS_ORDER[b.status]);
      default:
        return sign * (REPORT_ORDER[a.reportState] - REPORT_ORDER[b.reportState]);
    }
  };
  return [...rows].sort((a, b) => cmp(a, b) || (given.get(a.code) ?? 0) - (given.get(b.code) ?? 0));
}

export interface RankingBar {
  code: string;
  name: string;
  value: number;
  lagging: boolean;
  /** The unit did not exist in the period: its bar is its history rebuilt from former units. */
  mark: HistoryMark;
}

/**
 * Bars in the chosen order, each the measure ranked on; units without one left out (the table
 * still lists them, last and unranked).
 */
export function rankingBars(rows: readonly PlacedRow[], lagging: ReadonlySet<string>): RankingBar[] {
  const names = distinctNames(rows);
  return rows
    .filter((r): r is PlacedRow & { measure: number } => r.place !== null && r.measure !== null)
    .map((r) => ({
      code: r.code,
      name: names.get(r.code) ?? r.name,
      value: r.measure,
      lagging: lagging.has(r.code),
      mark: historyMark(r),
    }));
}

/**
 * The bar axis always holds zero, so a bar's length is its value: measures that are all near
 * 99 % show as near-equal bars, which they are. Percentages run to at least 100 %; a change may
 * run below zero.
 */
export function barDomain(values: readonly number[], percent: boolean): [number, number] {
  const lo = Math.min(0, ...values);
  const hi = Math.max(percent ? 100 : 0, ...values);
  return [lo, hi === lo ? lo + 1 : hi];
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
  return nextSortOf(current, column, column === 'value' || column === 'attainment' || column === 'measure' ? 'desc' : 'asc');
}

/** A ranking row's value as the table shows it. */
export function rowValue(kpi: Pick<Kpi, 'kind'>, r: Pick<BreakdownRow, 'value'> & { target?: number | null }, lang: Lang): string {
  return kpi.kind === 'ratio' ? formatShare(r.value, lang, r.target) : formatNumber(r.value, lang);
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
