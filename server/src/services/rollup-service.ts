/**
 * Keeps the roll-up table exact on every write: a unit's new or corrected figure changes every
 * ancestor's aggregate in the same transaction, by the difference it makes. No batch job, no
 * stale cache. `rebuildRollups` recomputes everything from the units' own figures: it loads the
 * demo, applies a change of hierarchy, and checks that the incremental path never drifted.
 *
 * The map changes over time, so "every ancestor" is asked for each period the change covers: a
 * period's aggregates follow that period's map. The same table also holds the rebuilt past of
 * units created by a reorganisation (rows before their first period): for a KPI the unit reports
 * itself, its predecessors' figures times the share it took of each; otherwise the sum of the
 * units it had below it when it was created. `contribution-graph.ts` says who receives what.
 */
import { type Amount, addMonths, amountOfReport, type Basis, combine, emptyAmount, isZeroDelta } from '@tiendo/shared';
import type { Sqlite } from '../db/client.ts';
import { amountOfFigureRow, amountOfRollupRow, itemsJson } from './amount-rows.ts';
import type { Catalog, KpiDef, UnitNode } from './catalog-service.ts';
import { contributionTargets, scaleAmount, segmentsOf } from './contribution-graph.ts';
import { bumpDataVersion } from './data-version.ts';
import { type FigureRow, FigureStore } from './figure-store.ts';
import { rebuildRollups } from './rollup-rebuild.ts';

export interface FigureInput {
  value?: number | null;
  numerator?: number | null;
  denominator?: number | null;
  items?: string[] | null;
}

/** Both bases, for the writes that keep them all (a rebuild after a change of the map). */
export const BASES: readonly Basis[] = ['submitted', 'approved'];

/** One figure to record (or withdraw, with a null input) for a unit, KPI and period. */
export interface FigureChange {
  unit: UnitNode;
  kpi: KpiDef;
  period: string;
  input: FigureInput | null;
}

/**
 * The figures of both bases: as submitted (they count on the dashboards from submission) and
 * approved only. Every method takes the basis it works on; the two differ only in their tables.
 */
export class RollupService {
  constructor(private readonly sqlite: Sqlite) {}

  private store(basis: Basis): FigureStore {
    return FigureStore.of(this.sqlite, basis);
  }

  /**
   * Record (or, with `null`, withdraw) a unit's own figure and propagate the difference it makes
   * to every ancestor. Call inside a transaction. Returns whether anything changed.
   */
  applyFigure(
    basis: Basis,
    catalog: Catalog,
    unit: UnitNode,
    kpi: KpiDef,
    period: string,
    input: FigureInput | null,
    recordedBy: number | null,
    now: string,
  ): boolean {
    return this.applyFigures(basis, catalog, [{ unit, kpi, period, input }], recordedBy, now)[0] as boolean;
  }

  /**
   * Several figures at once (a team's report, or a commune's import of ten teams): every own row
   * is written first, then the ancestors' deltas are added up per (ancestor, KPI, interval) and
   * each aggregate is written once. Ten teams of one commune changing three KPIs make 6 aggregate
   * writes (the commune and the city, per KPI), not 60. Call inside a transaction. Returns, per
   * figure, whether anything changed.
   */
  applyFigures(basis: Basis, catalog: Catalog, changes: readonly FigureChange[], recordedBy: number | null, now: string): boolean[] {
    const store = this.store(basis);
    const pending = new Map<string, { unitId: number; kpi: KpiDef; from: string; to: string; delta: Amount }>();
    const changed = changes.map(({ unit, kpi, period, input }) => {
      const delta = recordOwn(store, unit, kpi, period, input, recordedBy, now);
      if (delta === null) return false;
      if (delta === 'unchanged-total') return true;
      // A level stays in force until the unit's next own report or the end of its existence.
      let end = addMonths(period, 1);
      if (kpi.carried) {
        const next = store.ownNext(unit.id, kpi.id, period);
        const afterLife = unit.validTo === null ? null : addMonths(unit.validTo, 1);
        end = [next, afterLife].filter((p): p is string => p !== null).sort()[0] ?? '9999-12';
      }
      // Within a segment the map is the same; across one, the receivers of the change differ.
      for (const [from, to] of segmentsOf(catalog.boundaries, period, end)) {
        for (const [id, weight] of contributionTargets(catalog, kpi, unit, from)) {
          const part = weight === 1 ? delta : scaleAmount(delta, weight);
          const key = `${id}|${kpi.id}|${from}|${to}`;
          const hit = pending.get(key);
          if (hit) hit.delta = combine(hit.delta, part);
          else pending.set(key, { unitId: id, kpi, from, to, delta: part });
        }
      }
      return true;
    });
    if (changes.length > 0) {
      const first = changes.reduce((m, c) => (c.period < m ? c.period : m), (changes[0] as { period: string }).period);
      bumpDataVersion(this.sqlite, first);
    }
    for (const p of pending.values()) if (!isZeroDelta(p.delta)) addToRollup(store, p.unitId, p.kpi, p.from, p.to, p.delta, now);
    return changed;
  }

  /**
   * Recompute every aggregate of a basis from the units' own figures (rollup-rebuild.ts), and
   * let every cached reply go.
   */
  rebuildRollups(basis: Basis, catalog: Catalog, now: string, kpis: KpiDef[] = catalog.kpis): { rows: number } {
    const done = rebuildRollups(this.sqlite, this.store(basis), catalog, now, kpis);
    bumpDataVersion(this.sqlite, null);
    return done;
  }

  /** The KPIs a unit has an own figure for in a period, on a basis. */
  ownKpiIds(basis: Basis, unitId: number, period: string): number[] {
    return this.store(basis).ownKpiIds(unitId, period);
  }

  /** A unit's own figure for a KPI and period on a basis, as it was entered; null if none. */
  ownFigure(basis: Basis, unitId: number, kpi: KpiDef, period: string): FigureInput | null {
    const row = this.store(basis).ownAt(unitId, kpi.id, period);
    if (!row) return null;
    return {
      value: row.value,
      numerator: row.numerator,
      denominator: row.denominator,
      items: row.items ? (JSON.parse(row.items) as string[]) : null,
    };
  }
}

/**
 * Writes a unit's own row (and its running totals) and answers the difference it makes to what
 * the unit contributes above: null when there was nothing before and nothing now,
 * 'unchanged-total' when the row changed but not what it contributes.
 */
function recordOwn(
  store: FigureStore,
  unit: UnitNode,
  kpi: KpiDef,
  period: string,
  input: FigureInput | null,
  recordedBy: number | null,
  now: string,
): Amount | 'unchanged-total' | null {
  // One read for this month's row and the one before: a level carries the one before in, a flow
  // adds its running total to it.
  const { at: oldOwn, before } = store.ownAtAndBefore(unit.id, kpi.id, period);
  const previousOwn = kpi.carried ? before : undefined;
  const carriedIn = previousOwn ? amountOfFigureRow(kpi.kind, previousOwn) : null;
  const oldEffective = oldOwn ? amountOfFigureRow(kpi.kind, oldOwn) : carriedIn;

  let newEffective: Amount | null;
  if (input) {
    newEffective = amountOfReport(kpi.kind, input);
    // A flow's row carries its running total: the month before's plus this one, written with it.
    const cum = kpi.carried
      ? undefined
      : {
          v: (before?.cumValue ?? 0) + newEffective.value,
          n: (before?.cumNumerator ?? 0) + newEffective.numerator,
          d: (before?.cumDenominator ?? 0) + newEffective.denominator,
        };
    store.upsertOwn(
      {
        unitId: unit.id,
        kpiId: kpi.id,
        period,
        value: kpi.kind === 'count' || kpi.kind === 'stock' ? (input.value ?? null) : null,
        numerator: kpi.kind === 'ratio' ? (input.numerator ?? null) : null,
        denominator: kpi.kind === 'ratio' ? (input.denominator ?? null) : null,
        items: kpi.kind === 'checklist' ? JSON.stringify([...(input.items ?? [])].sort()) : null,
        recordedBy,
        recordedAt: now,
      },
      cum,
    );
  } else {
    if (oldOwn) store.deleteOwn(unit.id, kpi.id, period);
    newEffective = carriedIn;
  }

  if (!kpi.carried) shiftLaterRunningTotals(store, unit.id, kpi, period, oldOwn, input);

  const delta = combine(newEffective ?? emptyAmount(), oldEffective ?? emptyAmount(), -1);
  if (isZeroDelta(delta)) return oldOwn !== undefined || input !== null ? 'unchanged-total' : null;
  return delta;
}

/** A flow's own rows carry running totals: a change this month shifts the later months' by as much. */
function shiftLaterRunningTotals(
  store: FigureStore,
  unitId: number,
  kpi: KpiDef,
  period: string,
  old: FigureRow | undefined,
  input: FigureInput | null,
): void {
  const oldA = old ? amountOfFigureRow(kpi.kind, old) : emptyAmount();
  const newA = input ? amountOfReport(kpi.kind, input) : emptyAmount();
  const dv = newA.value - oldA.value;
  const dn = newA.numerator - oldA.numerator;
  const dd = newA.denominator - oldA.denominator;
  if (dv !== 0 || dn !== 0 || dd !== 0) store.shiftOwnCum(unitId, kpi.id, period, dv, dn, dd);
}

/** Add `delta` to the aggregate of `unitId` over the periods [from, end). */
function addToRollup(store: FigureStore, unitId: number, kpi: KpiDef, from: string, end: string, delta: Amount, now: string): void {
  const kpiId = kpi.id;
  const write = (period: string, a: Amount, cum = { v: 0, n: 0, d: 0 }) =>
    store.upsertRollup({
      unitId,
      kpiId,
      period,
      value: a.value,
      numerator: a.numerator,
      denominator: a.denominator,
      items: itemsJson(a),
      contributors: a.contributors,
      updatedAt: now,
      cumValue: cum.v,
      cumNumerator: cum.n,
      cumDenominator: cum.d,
    });

  if (!kpi.carried) {
    // One read: the row of `from` if there is one, else the latest before it (its running total).
    const prior = store.rollLatest(unitId, kpiId, from);
    const row = prior?.period === from ? prior : undefined;
    const base = { v: prior?.cumValue ?? 0, n: prior?.cumNumerator ?? 0, d: prior?.cumDenominator ?? 0 };
    write(from, combine(row ? amountOfRollupRow(row) : emptyAmount(), delta), {
      v: base.v + delta.value,
      n: base.n + delta.numerator,
      d: base.d + delta.denominator,
    });
    store.shiftRollCum(unitId, kpiId, from, delta.value, delta.numerator, delta.denominator, now);
    return;
  }

  const rows = store.rollBetween(unitId, kpiId, from, end);
  const before = store.rollBefore(unitId, kpiId, from);
  const lastInRange = rows.at(-1) ?? before;
  // Pin the old value where the interval ends, so the step after it is unchanged.
  if (end !== '9999-12' && !store.rollAt(unitId, kpiId, end)) {
    write(end, lastInRange ? amountOfRollupRow(lastInRange) : emptyAmount());
  }
  if (rows[0]?.period !== from) {
    write(from, combine(before ? amountOfRollupRow(before) : emptyAmount(), delta));
  }
  for (const r of rows) write(r.period, combine(amountOfRollupRow(r), delta));
}
