/**
 * A unit's rows for a KPI, read from the source the KPI uses at the unit's tier (its own reports,
 * or the roll-up of the units below), and the figure they give at a period: the level in force, or
 * this month's flow with its running total. A handful of indexed range reads per unit and KPI,
 * whatever the size of the subtree.
 */
import {
  type Amount,
  addMonths,
  type Basis,
  figureSourceAt,
  headlineValue,
  ratioPercent,
  TREND_WINDOW,
  targetMeasure,
} from '@tiendo/shared';
import type { Sqlite } from '../db/client.ts';
import { amountOfFigureRow, amountOfRollupRow, type DatedAmount, datedOf } from './amount-rows.ts';
import { type CatalogService, isEstimatedHistory, type KpiDef, type UnitNode } from './catalog-service.ts';
import { FigureStore } from './figure-store.ts';

/** A unit's figures for one KPI, oldest first, from the source that the KPI uses at its level. */
export interface KpiHistory {
  kpi: KpiDef;
  source: 'own' | 'aggregate';
  /** Rows in the periods read, oldest first, preceded by the last row before them. */
  rows: DatedAmount[];
  /** The unit's first period: rows before it are its history rebuilt from its predecessors. */
  birth: string | null;
  /** The unit's last period: nothing after it. */
  end: string | null;
  estimated: boolean;
}

export interface PointFigure {
  value: number | null;
  amount: Amount | null;
  /** Period of the row the value comes from (earlier than asked for a carried level). */
  from: string | null;
  updatedAt: string | null;
  cumulative: number | null;
  cumulativeAmount: Amount | null;
}

/** The figure a history gives at `period`. */
export function at(history: KpiHistory, period: string): PointFigure {
  const { kpi, rows, birth, end } = history;
  const none = { value: null, amount: null, from: null, updatedAt: null, cumulative: null, cumulativeAmount: null };
  if (end !== null && period > end) return none;
  let latest: DatedAmount | null = null;
  for (const r of rows) {
    if (r.period > period) break;
    latest = r;
  }
  // A level holds until the next row; a flow's row counts only for its own month. A unit's own
  // level does not continue its rebuilt past: that was its predecessors'.
  const sameSide = latest !== null && (birth === null || history.source === 'aggregate' || latest.period < birth === period < birth);
  const hit = kpi.carried ? (sameSide ? latest : null) : latest?.period === period ? latest : null;
  const amount = hit?.amount ?? null;
  const value = amount ? headlineValue(kpi.kind, amount) : null;
  let cumulative: number | null = null;
  let cumulativeAmount: Amount | null = null;
  if (!kpi.carried && latest) {
    if (kpi.kind === 'count') cumulative = latest.cum.value;
    if (kpi.kind === 'ratio') {
      cumulative = ratioPercent(latest.cum.numerator, latest.cum.denominator);
      cumulativeAmount = { value: 0, numerator: latest.cum.numerator, denominator: latest.cum.denominator, items: {}, contributors: 0 };
    }
  }
  return { value, amount, from: hit?.period ?? null, updatedAt: hit?.updatedAt ?? null, cumulative, cumulativeAmount };
}

/** What a target is compared with (shared rule: a count's running total, the level otherwise). */
export function measureOf(kpi: KpiDef, p: PointFigure): number | null {
  return targetMeasure(kpi.kind, p);
}

/** Adds the running totals a unit's rebuilt past left to its own rows', so its curve has no cliff. */
function withOffset(d: DatedAmount, offset: DatedAmount['cum'] | undefined): DatedAmount {
  if (offset)
    d.cum = {
      value: d.cum.value + offset.value,
      numerator: d.cum.numerator + offset.numerator,
      denominator: d.cum.denominator + offset.denominator,
    };
  return d;
}

export class FigureHistories {
  constructor(
    private readonly sqlite: Sqlite,
    private readonly catalog: CatalogService,
  ) {}

  /**
   * A unit's rows for one KPI in [from, upto], preceded by the last row before `from` (the level in
   * force, or the running total so far). A unit that reports the KPI itself reads its own reports
   * from its first period and its rebuilt past (roll-up rows) before it; its running total goes
   * on from where the rebuilt past left it, so a new commune's curve has no cliff.
   */
  rowsOf(basis: Basis, u: UnitNode, kpi: KpiDef, from: string, upto: string): KpiHistory {
    const store = FigureStore.of(this.sqlite, basis);
    const cat = this.catalog.get();
    const base = { kpi, birth: u.validFrom, end: u.validTo, estimated: isEstimatedHistory(cat, u, kpi) };
    const rollRows = (a: string, b: string) =>
      store.rollWindow(u.id, kpi.id, a, b).map((r) => datedOf(r.period, amountOfRollupRow(r), r.updatedAt, r));
    const rollBefore = (p: string) => {
      const r = store.rollBefore(u.id, kpi.id, p);
      return r ? datedOf(r.period, amountOfRollupRow(r), r.updatedAt, r) : null;
    };
    if (figureSourceAt(kpi, u.level) !== 'own') {
      const rows = rollRows(from, upto);
      const before = rollBefore(from);
      if (before) rows.unshift(before);
      return { ...base, source: 'aggregate', rows };
    }
    const birth = u.validFrom;
    const lastRebuilt = birth === null ? null : addMonths(birth, -1);
    const rebuilt = lastRebuilt !== null && from <= lastRebuilt ? rollRows(from, upto < lastRebuilt ? upto : lastRebuilt) : [];
    const ownFrom = birth !== null && birth > from ? birth : from;
    const offset = birth !== null && upto >= birth ? rollBefore(birth)?.cum : undefined;
    const own =
      ownFrom <= upto
        ? store
            .ownWindow(u.id, kpi.id, ownFrom, upto)
            .map((r) => withOffset(datedOf(r.period, amountOfFigureRow(kpi.kind, r), r.recordedAt, r), offset))
        : [];
    const rows = [...rebuilt, ...own];
    const ownBefore = store.ownBefore(u.id, kpi.id, from);
    if (ownBefore && (birth === null || ownBefore.period >= birth)) {
      rows.unshift(withOffset(datedOf(ownBefore.period, amountOfFigureRow(kpi.kind, ownBefore), ownBefore.recordedAt, ownBefore), offset));
    } else if (birth !== null) {
      const before = rollBefore(from < birth ? from : birth);
      if (before) rows.unshift(before);
    }
    return { ...base, source: 'own', rows };
  }

  /** The whole history of one unit and KPI (series over many months). */
  history(basis: Basis, unit: UnitNode, kpi: KpiDef, upto: string): KpiHistory {
    return this.rowsOf(basis, unit, kpi, '0000-01', upto);
  }

  /** The trend window and last month of several units' KPIs up to `upto`: a few indexed reads, however long the programme has run. */
  windowed(basis: Basis, units: UnitNode[], kpis: KpiDef[], upto: string): Map<number, KpiHistory[]> {
    const from = addMonths(upto, -TREND_WINDOW);
    const out = new Map<number, KpiHistory[]>();
    for (const u of units)
      out.set(
        u.id,
        kpis.map((kpi) => this.rowsOf(basis, u, kpi, from, upto)),
      );
    return out;
  }
}
