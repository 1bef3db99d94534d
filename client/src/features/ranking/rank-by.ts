/**
 * What a ranking of the units below is ordered by. Raw counts put the biggest unit on top, so a
 * leader can rank by attainment of the target (the default where there is one), by the change
 * since last month, or per 1,000 inhabitants (the unit's citizen records, `population`).
 *
 * Ranks are standard competition ranks (1, 2, 2, 4) on the measure as printed, the rule the API
 * ranks by: two units that read "99,9 %" share a rank, since no reader can tell them apart. A
 * unit with no figure this month is listed last, unranked ("chưa báo cáo"), whatever the measure.
 */
import type { BreakdownRow, Kpi } from '@tiendo/shared';
import { competitionRanks, rankKey, targetMeasure } from '@tiendo/shared/figure-rules';
import { roundPercent } from '@tiendo/shared/number-format';
import { formatNumber, formatPercent, formatShare, formatSigned, type Lang } from '../../i18n/format.ts';

export type RankBy = 'attainment' | 'value' | 'change' | 'perThousand';

/** Decimals of a figure per 1,000 inhabitants: "12,3". */
export const PER_THOUSAND_DIGITS = 1;

type KpiShape = Pick<Kpi, 'kind' | 'higherIsBetter'>;

/**
 * The orders a KPI's ranking offers: attainment where the units below have a target, the figure
 * itself, its change, and per 1,000 inhabitants for amounts (a percentage is already a share).
 */
export function rankByOptions(kpi: Pick<Kpi, 'kind'>, rows: readonly BreakdownRow[]): RankBy[] {
  const out: RankBy[] = [];
  if (rows.some((r) => r.target !== null && r.attainment !== null)) out.push('attainment');
  out.push('value', 'change');
  if ((kpi.kind === 'count' || kpi.kind === 'stock') && rows.some((r) => (r.population ?? 0) > 0)) out.push('perThousand');
  return out;
}

/** Attainment of the target for a KPI that has one, the figure otherwise. */
export function defaultRankBy(kpi: Pick<Kpi, 'kind'>, rows: readonly BreakdownRow[]): RankBy {
  return rankByOptions(kpi, rows)[0] ?? 'value';
}

/** The order in force: the one chosen if this KPI offers it, else the KPI's default. */
export function effectiveRankBy(kpi: Pick<Kpi, 'kind'>, rows: readonly BreakdownRow[], chosen: RankBy | null): RankBy {
  return chosen !== null && rankByOptions(kpi, rows).includes(chosen) ? chosen : defaultRankBy(kpi, rows);
}

/** The exact measure a row ranks on; null when the unit has no figure this month or no such measure. */
export function measureOf(kpi: Pick<Kpi, 'kind'>, r: BreakdownRow, by: RankBy): number | null {
  if (r.value === null) return null;
  // what leaders compare for a count is its running total, as the API's rank does
  const amount = targetMeasure(kpi.kind, r);
  switch (by) {
    case 'attainment':
      return r.attainment;
    case 'change':
      return r.change ?? null;
    case 'perThousand': {
      const population = r.population ?? 0;
      return amount === null || population <= 0 ? null : (amount / population) * 1000;
    }
    default:
      return amount;
  }
}

/** The measure as the table prints it: what a tie is judged on. */
export function printedMeasure(kpi: Pick<Kpi, 'kind'>, r: BreakdownRow, by: RankBy): number | null {
  const m = measureOf(kpi, r, by);
  if (m === null) return null;
  switch (by) {
    case 'attainment':
      return roundPercent(m, 1, [100]);
    case 'change':
      return Number(m.toFixed(kpi.kind === 'ratio' ? 1 : 0));
    case 'perThousand':
      return Number(m.toFixed(PER_THOUSAND_DIGITS));
    default:
      return rankKey(kpi.kind, r);
  }
}

/** A row with its place in the chosen order; `place` null: listed last, unranked. */
export type PlacedRow = BreakdownRow & { place: number | null; measure: number | null };

/**
 * The rows in the chosen order with their places: competition ranks on the printed measure,
 * better first (for a KPI where lower is better, lower first); ties and the unranked rows keep
 * the API's order.
 */
export function placeRows(kpi: KpiShape, rows: readonly BreakdownRow[], by: RankBy): PlacedRow[] {
  const ranked = competitionRanks(rows, (r) => printedMeasure(kpi, r, by), kpi.higherIsBetter);
  const out: PlacedRow[] = ranked.map((x) => ({ ...x.item, place: x.rank, measure: measureOf(kpi, x.item, by) }));
  const placed = new Set(ranked.map((x) => x.item));
  for (const r of rows) if (!placed.has(r)) out.push({ ...r, place: null, measure: null });
  return out;
}

/** A row's measure as the ranking prints it. */
export function measureText(kpi: Pick<Kpi, 'kind'>, r: BreakdownRow, by: RankBy, lang: Lang): string {
  const m = measureOf(kpi, r, by);
  switch (by) {
    case 'attainment':
      return formatPercent(m, lang);
    case 'change':
      return formatSigned(m, lang, kpi.kind === 'ratio' ? 1 : 0);
    case 'perThousand':
      return formatNumber(m, lang, PER_THOUSAND_DIGITS);
    default:
      return kpi.kind === 'ratio' ? formatShare(m, lang, r.target) : formatNumber(m, lang);
  }
}

/** Whether the measure is always a whole number: the chart's axis then ticks at whole numbers only. */
export function isWholeMeasure(kpi: Pick<Kpi, 'kind'>, by: RankBy): boolean {
  return (by === 'value' || by === 'change') && kpi.kind !== 'ratio';
}

/** Whether the measure is a percentage (its axis runs from 0 to at least 100 %). */
export function isPercentMeasure(kpi: Pick<Kpi, 'kind'>, by: RankBy): boolean {
  return by === 'attainment' || (by === 'value' && kpi.kind === 'ratio');
}
