/** Conversions between stored rows and the additive `Amount` of shared/aggregate. */
import { type Amount, amountOfReport, emptyAmount, type KpiKind } from '@tiendo/shared';
import type { figures, rollups } from '../db/schema.ts';

export interface Cumulative {
  cumValue: number;
  cumNumerator: number;
  cumDenominator: number;
}

type FigureColumns = typeof figures.$inferSelect;
type RollupColumns = typeof rollups.$inferSelect;

/** A unit's own figure as the roll-up reads it (columns of the schema; the time as `updatedAt`). */
export type FigureRow = Pick<FigureColumns, 'period' | 'value' | 'numerator' | 'denominator' | 'items'> &
  Partial<Cumulative> & { updatedAt: FigureColumns['recordedAt'] };

/** An aggregate row as the roll-up reads it. */
export type RollupRow = Pick<RollupColumns, 'period' | 'value' | 'numerator' | 'denominator' | 'items' | 'contributors' | 'updatedAt'> &
  Partial<Cumulative>;

export interface DatedAmount {
  period: string;
  amount: Amount;
  updatedAt: string;
  /** Running totals up to and including this period (flows). */
  cum: { value: number; numerator: number; denominator: number };
}

export function datedOf(period: string, amount: Amount, updatedAt: string, r: Partial<Cumulative>): DatedAmount {
  return { period, amount, updatedAt, cum: { value: r.cumValue ?? 0, numerator: r.cumNumerator ?? 0, denominator: r.cumDenominator ?? 0 } };
}

export function amountOfFigureRow(kind: KpiKind, row: FigureRow): Amount {
  return amountOfReport(kind, {
    value: row.value,
    numerator: row.numerator,
    denominator: row.denominator,
    items: row.items ? (JSON.parse(row.items) as string[]) : null,
  });
}

export function amountOfRollupRow(row: RollupRow): Amount {
  return {
    value: row.value,
    numerator: row.numerator,
    denominator: row.denominator,
    items: row.items ? (JSON.parse(row.items) as Record<string, number>) : {},
    contributors: row.contributors,
  };
}

export function itemsJson(a: Amount): string | null {
  return Object.keys(a.items).length === 0 ? null : JSON.stringify(a.items);
}

export function sameAmount(a: Amount | null, b: Amount | null): boolean {
  if (a === null || b === null) return a === b;
  return (
    a.value === b.value &&
    a.numerator === b.numerator &&
    a.denominator === b.denominator &&
    a.contributors === b.contributors &&
    sameItems(a.items, b.items)
  );
}

function sameItems(a: Record<string, number>, b: Record<string, number>): boolean {
  let n = 0;
  for (const k in a) {
    if (a[k] !== b[k]) return false;
    n++;
  }
  for (const _ in b) n--;
  return n === 0;
}

export { emptyAmount };
