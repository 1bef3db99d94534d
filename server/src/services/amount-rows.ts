/** Conversions between stored rows and the additive `Amount` of shared/aggregate. */
import { type Amount, amountOfReport, emptyAmount, type KpiKind } from '@tiendo/shared';
import type { Cumulative, FigureRow, RollupRow } from './figure-store.ts';

export interface DatedAmount {
  period: string;
  amount: Amount;
  updatedAt: string;
  /** Running totals up to and including this period (flows). */
  cum: { value: number; numerator: number; denominator: number };
}

export function datedOf(period: string, amount: Amount, updatedAt: string, r: Cumulative): DatedAmount {
  return { period, amount, updatedAt, cum: { value: r.cumValue, numerator: r.cumNumerator, denominator: r.cumDenominator } };
}

export function amountOfFigureRow(kind: KpiKind, row: Pick<FigureRow, 'value' | 'numerator' | 'denominator' | 'items'>): Amount {
  return amountOfReport(kind, {
    value: row.value,
    numerator: row.numerator,
    denominator: row.denominator,
    items: row.items ? (JSON.parse(row.items) as string[]) : null,
  });
}

export function amountOfRollupRow(row: Pick<RollupRow, 'value' | 'numerator' | 'denominator' | 'items' | 'contributors'>): Amount {
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
