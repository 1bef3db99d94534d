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
import { type Amount, addMonths, amountOfReport, combine, emptyAmount, isZeroDelta } from '@tiendo/shared';
import type { Sqlite } from '../db/client.ts';
import { figures, figuresApproved, rollups, rollupsApproved } from '../db/schema.ts';
import { tableName } from '../db/tables.ts';
import { amountOfFigureRow, amountOfRollupRow, type FigureRow, itemsJson, type RollupRow, sameAmount } from './amount-rows.ts';
import { type Catalog, isValidAt, type KpiDef, type UnitNode, versionAt } from './catalog-service.ts';
import { bottomUpOrder, contributionTargets, historyOrder, scaleAmount, segmentsOf } from './contribution-graph.ts';
import { bumpDataVersion } from './data-version.ts';

export interface FigureInput {
  value?: number | null;
  numerator?: number | null;
  denominator?: number | null;
  items?: string[] | null;
}

const FIGURE_COLS = `period, value, numerator, denominator, items, recorded_at AS updatedAt`;
const ROLLUP_COLS = `period, value, numerator, denominator, items, contributors, updated_at AS updatedAt,
  cum_value AS cumValue, cum_numerator AS cumNumerator, cum_denominator AS cumDenominator`;

/** Which pair of tables a roll-up works on: as submitted, or approved only. */
export interface FigureTables {
  figures: string;
  rollups: string;
}
export const SUBMITTED_TABLES: FigureTables = { figures: tableName(figures), rollups: tableName(rollups) };
export const APPROVED_TABLES: FigureTables = { figures: tableName(figuresApproved), rollups: tableName(rollupsApproved) };

export class RollupService {
  private readonly s;

  constructor(
    private readonly sqlite: Sqlite,
    readonly t: FigureTables = SUBMITTED_TABLES,
  ) {
    this.s = {
      ownAt: sqlite.prepare(`SELECT ${FIGURE_COLS} FROM ${t.figures} WHERE unit_id = ? AND kpi_id = ? AND period = ?`),
      ownBefore: sqlite.prepare(
        `SELECT ${FIGURE_COLS} FROM ${t.figures} WHERE unit_id = ? AND kpi_id = ? AND period < ?
         ORDER BY period DESC LIMIT 1`,
      ),
      ownNext: sqlite.prepare(`SELECT MIN(period) FROM ${t.figures} WHERE unit_id = ? AND kpi_id = ? AND period > ?`).pluck(),
      upsertOwn: sqlite.prepare(
        `INSERT INTO ${t.figures} (unit_id, kpi_id, period, value, numerator, denominator, items, recorded_by, recorded_at)
         VALUES (@unitId, @kpiId, @period, @value, @numerator, @denominator, @items, @recordedBy, @recordedAt)
         ON CONFLICT (unit_id, kpi_id, period) DO UPDATE SET value = excluded.value,
           numerator = excluded.numerator, denominator = excluded.denominator, items = excluded.items,
           recorded_by = excluded.recorded_by, recorded_at = excluded.recorded_at`,
      ),
      deleteOwn: sqlite.prepare(`DELETE FROM ${t.figures} WHERE unit_id = ? AND kpi_id = ? AND period = ?`),
      ownCumBefore: sqlite.prepare(
        `SELECT cum_value AS v, cum_numerator AS n, cum_denominator AS d FROM ${t.figures}
         WHERE unit_id = ? AND kpi_id = ? AND period < ? ORDER BY period DESC LIMIT 1`,
      ),
      ownCumSet: sqlite.prepare(
        `UPDATE ${t.figures} SET cum_value = ?, cum_numerator = ?, cum_denominator = ? WHERE unit_id = ? AND kpi_id = ? AND period = ?`,
      ),
      ownCumShift: sqlite.prepare(
        `UPDATE ${t.figures} SET cum_value = cum_value + ?, cum_numerator = cum_numerator + ?, cum_denominator = cum_denominator + ?
         WHERE unit_id = ? AND kpi_id = ? AND period > ?`,
      ),
      rollCumBefore: sqlite.prepare(
        `SELECT cum_value AS v, cum_numerator AS n, cum_denominator AS d FROM ${t.rollups}
         WHERE unit_id = ? AND kpi_id = ? AND period < ? ORDER BY period DESC LIMIT 1`,
      ),
      rollCumShift: sqlite.prepare(
        `UPDATE ${t.rollups} SET cum_value = cum_value + ?, cum_numerator = cum_numerator + ?, cum_denominator = cum_denominator + ?, updated_at = ?
         WHERE unit_id = ? AND kpi_id = ? AND period > ?`,
      ),
      rollupRange: sqlite.prepare(
        `SELECT ${ROLLUP_COLS} FROM ${t.rollups} WHERE unit_id = ? AND kpi_id = ? AND period >= ? AND period < ?
         ORDER BY period`,
      ),
      rollupBefore: sqlite.prepare(
        `SELECT ${ROLLUP_COLS} FROM ${t.rollups} WHERE unit_id = ? AND kpi_id = ? AND period < ?
         ORDER BY period DESC LIMIT 1`,
      ),
      rollupAt: sqlite.prepare(`SELECT ${ROLLUP_COLS} FROM ${t.rollups} WHERE unit_id = ? AND kpi_id = ? AND period = ?`),
      upsertRollup: sqlite.prepare(
        `INSERT INTO ${t.rollups} (unit_id, kpi_id, period, value, numerator, denominator, items, contributors, updated_at,
                              cum_value, cum_numerator, cum_denominator)
         VALUES (@unitId, @kpiId, @period, @value, @numerator, @denominator, @items, @contributors, @updatedAt, @cv, @cn, @cd)
         ON CONFLICT (unit_id, kpi_id, period) DO UPDATE SET value = excluded.value,
           numerator = excluded.numerator, denominator = excluded.denominator, items = excluded.items,
           contributors = excluded.contributors, updated_at = excluded.updated_at,
           cum_value = excluded.cum_value, cum_numerator = excluded.cum_numerator, cum_denominator = excluded.cum_denominator`,
      ),
    };
  }

  /**
   * Record (or, with `null`, withdraw) a unit's own figure and propagate the difference it makes
   * to every ancestor. Call inside a transaction. Returns whether anything changed.
   */
  applyFigure(
    catalog: Catalog,
    unit: UnitNode,
    kpi: KpiDef,
    period: string,
    input: FigureInput | null,
    recordedBy: number | null,
    now: string,
  ): boolean {
    return this.applyFigures(catalog, [{ unit, kpi, period, input }], recordedBy, now)[0] as boolean;
  }

  /**
   * Several figures at once (a team's report, or a commune's import of ten teams): every own row
   * is written first, then the ancestors' deltas are added up per (ancestor, KPI, interval) and
   * each aggregate is written once. Ten teams of one commune changing three KPIs make 6 aggregate
   * writes (the commune and the city, per KPI), not 60. Call inside a transaction. Returns, per
   * figure, whether anything changed.
   */
  applyFigures(
    catalog: Catalog,
    changes: readonly { unit: UnitNode; kpi: KpiDef; period: string; input: FigureInput | null }[],
    recordedBy: number | null,
    now: string,
  ): boolean[] {
    const pending = new Map<string, { unitId: number; kpi: KpiDef; from: string; to: string; delta: Amount }>();
    const changed = changes.map(({ unit, kpi, period, input }) => {
      const delta = this.recordOwn(unit, kpi, period, input, recordedBy, now);
      if (delta === null) return false;
      if (delta === 'unchanged-total') return true;
      // A level stays in force until the unit's next own report or the end of its existence.
      let end = addMonths(period, 1);
      if (kpi.carried) {
        const next = this.s.ownNext.get(unit.id, kpi.id, period) as string | null;
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
    for (const p of pending.values()) if (!isZeroDelta(p.delta)) this.addToRollup(p.unitId, p.kpi, p.from, p.to, p.delta, now);
    return changed;
  }

  /**
   * Writes a unit's own row (and its running totals) and answers the difference it makes to what
   * the unit contributes above: null when there was nothing before and nothing now,
   * 'unchanged-total' when the row changed but not what it contributes.
   */
  private recordOwn(
    unit: UnitNode,
    kpi: KpiDef,
    period: string,
    input: FigureInput | null,
    recordedBy: number | null,
    now: string,
  ): Amount | 'unchanged-total' | null {
    const oldOwn = this.s.ownAt.get(unit.id, kpi.id, period) as FigureRow | undefined;
    const previousOwn = kpi.carried ? (this.s.ownBefore.get(unit.id, kpi.id, period) as FigureRow | undefined) : undefined;
    const carriedIn = previousOwn ? amountOfFigureRow(kpi.kind, previousOwn) : null;
    const oldEffective = oldOwn ? amountOfFigureRow(kpi.kind, oldOwn) : carriedIn;

    let newEffective: Amount | null;
    if (input) {
      newEffective = amountOfReport(kpi.kind, input);
      this.s.upsertOwn.run({
        unitId: unit.id,
        kpiId: kpi.id,
        period,
        value: kpi.kind === 'count' || kpi.kind === 'stock' ? (input.value ?? null) : null,
        numerator: kpi.kind === 'ratio' ? (input.numerator ?? null) : null,
        denominator: kpi.kind === 'ratio' ? (input.denominator ?? null) : null,
        items: kpi.kind === 'checklist' ? JSON.stringify([...(input.items ?? [])].sort()) : null,
        recordedBy,
        recordedAt: now,
      });
    } else {
      if (oldOwn) this.s.deleteOwn.run(unit.id, kpi.id, period);
      newEffective = carriedIn;
    }

    if (!kpi.carried) this.keepOwnRunningTotals(unit.id, kpi, period, oldOwn, input);

    const delta = combine(newEffective ?? emptyAmount(), oldEffective ?? emptyAmount(), -1);
    if (isZeroDelta(delta)) return oldOwn !== undefined || input !== null ? 'unchanged-total' : null;
    return delta;
  }

  /** A flow's own rows carry running totals: set this month's and shift the later months'. */
  private keepOwnRunningTotals(unitId: number, kpi: KpiDef, period: string, old: FigureRow | undefined, input: FigureInput | null): void {
    const oldA = old ? amountOfFigureRow(kpi.kind, old) : emptyAmount();
    const newA = input ? amountOfReport(kpi.kind, input) : emptyAmount();
    const dv = newA.value - oldA.value;
    const dn = newA.numerator - oldA.numerator;
    const dd = newA.denominator - oldA.denominator;
    if (input) {
      const before = this.s.ownCumBefore.get(unitId, kpi.id, period) as { v: number; n: number; d: number } | undefined;
      this.s.ownCumSet.run(
        (before?.v ?? 0) + newA.value,
        (before?.n ?? 0) + newA.numerator,
        (before?.d ?? 0) + newA.denominator,
        unitId,
        kpi.id,
        period,
      );
    }
    if (dv !== 0 || dn !== 0 || dd !== 0) this.s.ownCumShift.run(dv, dn, dd, unitId, kpi.id, period);
  }

  /** Add `delta` to the aggregate of `unitId` over the periods [from, end). */
  private addToRollup(unitId: number, kpi: KpiDef, from: string, end: string, delta: Amount, now: string): void {
    const write = (period: string, a: Amount, cum = { v: 0, n: 0, d: 0 }) =>
      this.s.upsertRollup.run({
        cv: cum.v,
        cn: cum.n,
        cd: cum.d,
        unitId,
        kpiId: kpi.id,
        period,
        value: a.value,
        numerator: a.numerator,
        denominator: a.denominator,
        items: itemsJson(a),
        contributors: a.contributors,
        updatedAt: now,
      });

    if (!kpi.carried) {
      const row = this.s.rollupAt.get(unitId, kpi.id, from) as RollupRow | undefined;
      const base = row
        ? { v: row.cumValue ?? 0, n: row.cumNumerator ?? 0, d: row.cumDenominator ?? 0 }
        : ((this.s.rollCumBefore.get(unitId, kpi.id, from) as { v: number; n: number; d: number } | undefined) ?? { v: 0, n: 0, d: 0 });
      write(from, combine(row ? amountOfRollupRow(row) : emptyAmount(), delta), {
        v: base.v + delta.value,
        n: base.n + delta.numerator,
        d: base.d + delta.denominator,
      });
      this.s.rollCumShift.run(delta.value, delta.numerator, delta.denominator, now, unitId, kpi.id, from);
      return;
    }

    const rows = this.s.rollupRange.all(unitId, kpi.id, from, end) as RollupRow[];
    const before = this.s.rollupBefore.get(unitId, kpi.id, from) as RollupRow | undefined;
    const lastInRange = rows.at(-1) ?? before;
    // Pin the old value where the interval ends, so the step after it is unchanged.
    if (end !== '9999-12' && !this.s.rollupAt.get(unitId, kpi.id, end)) {
      write(end, lastInRange ? amountOfRollupRow(lastInRange) : emptyAmount());
    }
    if (rows[0]?.period !== from) {
      write(from, combine(before ? amountOfRollupRow(before) : emptyAmount(), delta));
    }
    for (const r of rows) write(r.period, combine(amountOfRollupRow(r), delta));
  }

  /**
   * Recompute every aggregate from the units' own figures, one KPI and one period at a time:
   * bottom-up over that period's map, then the rebuilt past of units not yet created. Flows get a
   * row per period with data; levels a row wherever the aggregate changes.
   */
  rebuildRollups(catalog: Catalog, now: string, kpis: KpiDef[] = catalog.kpis): { rows: number } {
    let written = 0;
    const insert = this.sqlite.prepare(
      `INSERT INTO ${this.t.rollups} (unit_id, kpi_id, period, value, numerator, denominator, items, contributors, updated_at,
                            cum_value, cum_numerator, cum_denominator)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    const ownRows = this.sqlite.prepare(
      // No ORDER BY: one sequential pass over the table beats walking an index by period.
      `SELECT unit_id AS unitId, period, value, numerator, denominator, items, recorded_at AS updatedAt
       FROM ${this.t.figures} NOT INDEXED WHERE kpi_id = ?`,
    );
    const clear = this.sqlite.prepare(`DELETE FROM ${this.t.rollups} WHERE kpi_id = ?`);
    const mortal = [...catalog.units.values()].filter((u) => u.validTo !== null);

    const run = this.sqlite.transaction((kpi: KpiDef) => {
      clear.run(kpi.id);
      const rows = ownRows.all(kpi.id) as (FigureRow & { unitId: number })[];
      if (rows.length === 0) return;
      const own = new Map<number, Map<string, Amount>>();
      for (const r of rows) {
        const m = own.get(r.unitId) ?? new Map<string, Amount>();
        m.set(r.period, amountOfFigureRow(kpi.kind, r));
        own.set(r.unitId, m);
      }
      let first = (rows[0] as FigureRow).period;
      let last = first;
      for (const r of rows) {
        if (r.period < first) first = r.period;
        if (r.period > last) last = r.period;
      }
      // Levels change where the map changes too (a unit ending drops out of its parent).
      if (kpi.carried) for (const b of catalog.boundaries) if (b > last) last = b;
      const reports = (u: UnitNode) => kpi.reportLevels.includes(u.level);

      const lastOwn = new Map<number, Amount>();
      const prevRow = new Map<number, Amount | null>();
      const cum = new Map<number, { v: number; n: number; d: number }>();
      // Units below the deepest tier that reports the KPI never hold any of it.
      const deepest = Math.max(...kpi.reportLevels);
      let order: { unit: UnitNode; parentId: number | null }[] = [];
      const boundaries = new Set(catalog.boundaries);
      const emit = (u: UnitNode, period: string, a: Amount | null) => {
        const prev = prevRow.get(u.id) ?? null;
        if (kpi.carried ? sameAmount(a, prev) : a === null) return;
        prevRow.set(u.id, a);
        const x = a ?? emptyAmount();
        const c = cum.get(u.id) ?? { v: 0, n: 0, d: 0 };
        if (!kpi.carried) {
          c.v += x.value;
          c.n += x.numerator;
          c.d += x.denominator;
          cum.set(u.id, c);
        }
        insert.run(u.id, kpi.id, period, x.value, x.numerator, x.denominator, itemsJson(x), x.contributors, now, c.v, c.n, c.d);
        written++;
      };

      for (let period = first; period <= last; period = addMonths(period, 1)) {
        if (period === first || boundaries.has(period)) order = bottomUpOrder(catalog, period).filter((x) => x.unit.level <= deepest);
        const effective = new Map<number, Amount>();
        const aggregate = new Map<number, Amount>();
        for (const { unit: u, parentId } of order) {
          const mine = own.get(u.id)?.get(period);
          if (mine) lastOwn.set(u.id, mine);
          const agg = aggregate.get(u.id) ?? null;
          emit(u, period, agg);
          const eff = reports(u) ? (mine ?? (kpi.carried ? (lastOwn.get(u.id) ?? null) : null)) : agg;
          if (!eff) continue;
          effective.set(u.id, eff);
          if (parentId !== null) {
            const pa = aggregate.get(parentId);
            aggregate.set(parentId, pa ? combine(pa, eff) : eff);
          }
        }
        // The rebuilt past of units created later, from what they were made of.
        const history = new Map<number, Amount>();
        const valueAt = (x: UnitNode): Amount | null =>
          isValidAt(x, period)
            ? (effective.get(x.id) ?? null)
            : x.validFrom !== null && x.validFrom > period
              ? (history.get(x.id) ?? null)
              : null;
        for (const u of historyOrder(catalog, period)) {
          if (u.level > deepest) continue;
          let h: Amount | null = null;
          const add = (a: Amount | null, w: number) => {
            if (!a) return;
            const part = w === 1 ? a : scaleAmount(a, w);
            h = h ? combine(h, part) : part;
          };
          if (reports(u)) {
            for (const l of u.predecessors) {
              const p = catalog.units.get(l.unitId);
              if (p) add(valueAt(p), l.share);
            }
          } else {
            for (const c of childrenAtBirth(catalog, u)) add(valueAt(c), 1);
          }
          if (h) history.set(u.id, h);
          emit(u, period, h);
        }
        // Units that ended drop out: a level they held stops with them.
        if (kpi.carried) {
          for (const u of mortal) {
            if ((u.validTo as string) < period && prevRow.get(u.id)) emit(u, period, null);
          }
        }
      }
    });
    for (const kpi of kpis) run(kpi);
    bumpDataVersion(this.sqlite, null);
    return { rows: written };
  }
}

const birthChildren = new WeakMap<Catalog, Map<number, UnitNode[]>>();

/** The units below `u` in the first period it existed (computed once per catalogue). */
function childrenAtBirth(catalog: Catalog, u: UnitNode): UnitNode[] {
  let memo = birthChildren.get(catalog);
  if (!memo) {
    memo = new Map();
    birthChildren.set(catalog, memo);
  }
  const hit = memo.get(u.id);
  if (hit) return hit;
  const birth = u.validFrom;
  const out: UnitNode[] = [];
  if (birth !== null) {
    for (const id of u.children) {
      const c = catalog.units.get(id);
      if (c && versionAt(c, birth)?.parentId === u.id) out.push(c);
    }
  }
  memo.set(u.id, out);
  return out;
}
