import type { KpiKind } from './kpi.ts';

/**
 * What one unit contributes to a KPI in one period, in a form that adds up. Percentages are never
 * stored: a ratio keeps its numerator and denominator so that the parent's percentage is rebuilt
 * from the sums (99 % of 10 and 50 % of 1,000 is 50.5 %, not 74.5 %). A checklist keeps, per
 * item, how many contributing units have it done.
 */
export interface Amount {
  value: number;
  numerator: number;
  denominator: number;
  items: Record<string, number>;
  /** Number of reporting units whose figures are inside this amount. */
  contributors: number;
}

export function emptyAmount(): Amount {
  return { value: 0, numerator: 0, denominator: 0, items: {}, contributors: 0 };
}

/** The amount a single unit's own report stands for. */
export function amountOfReport(
  kind: KpiKind,
  report: { value?: number | null; numerator?: number | null; denominator?: number | null; items?: readonly string[] | null },
): Amount {
  const a = emptyAmount();
  a.contributors = 1;
  if (kind === 'ratio') {
    a.numerator = report.numerator ?? 0;
    a.denominator = report.denominator ?? 0;
  } else if (kind === 'checklist') {
    for (const item of report.items ?? []) a.items[item] = 1;
  } else {
    a.value = report.value ?? 0;
  }
  return a;
}

/** a + sign·b, component by component; items that drop to zero disappear. */
export function combine(a: Amount, b: Amount, sign: 1 | -1 = 1): Amount {
  const items: Record<string, number> = { ...a.items };
  for (const [k, n] of Object.entries(b.items)) {
    const next = (items[k] ?? 0) + sign * n;
    if (next === 0) delete items[k];
    else items[k] = next;
  }
  return {
    value: a.value + sign * b.value,
    numerator: a.numerator + sign * b.numerator,
    denominator: a.denominator + sign * b.denominator,
    items,
    contributors: a.contributors + sign * b.contributors,
  };
}

export function sumAmounts(amounts: Iterable<Amount>): Amount {
  let total = emptyAmount();
  for (const a of amounts) total = combine(total, a);
  return total;
}

export function isZeroDelta(d: Amount): boolean {
  return d.value === 0 && d.numerator === 0 && d.denominator === 0 && d.contributors === 0 && Object.keys(d.items).length === 0;
}

export function ratioPercent(numerator: number, denominator: number): number | null {
  if (denominator <= 0) return null;
  return (numerator / denominator) * 100;
}

/**
 * The headline number of an amount: the sum for counts and stocks, Σnumerator/Σdenominator in
 * percent for ratios, and for checklists the number of items done in every contributing unit.
 */
export function headlineValue(kind: KpiKind, a: Amount): number | null {
  if (a.contributors <= 0) return null;
  switch (kind) {
    case 'ratio':
      return ratioPercent(a.numerator, a.denominator);
    case 'checklist':
      return Object.values(a.items).filter((n) => n >= a.contributors).length;
    default:
      return a.value;
  }
}
