/**
 * Keeps the roll-up table exact on every write: a unit's new or corrected figure changes every
 * ancestor's aggregate in the same transaction, by the difference it makes. No batch job, no
 * stale cache. `rebuildRollups` recomputes everything from the units' own figures: it loads the
 * demo, applies a change of hierarchy, and checks that the incremental path never drifted.
 */
import { type Amount, addMonths, amountOfReport, combine, emptyAmount, isZeroDelta, periodFromIndex, periodIndex } from '@tiendo/shared';
import type { Sqlite } from '../db/client.ts';
import { amountOfFigureRow, amountOfRollupRow, type FigureRow, itemsJson, type RollupRow, sameAmount } from './amount-rows.ts';
import { type Catalog, isValidAt, type KpiDef, type UnitNode } from './catalog-service.ts';
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
export const SUBMITTED_TABLES: FigureTables = { figures: 'figures', rollups: 'rollups' };
export const APPROVED_TABLES: FigureTables = { figures: 'figures_approved', rollups: 'rollups_approved' };

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
    bumpDataVersion(this.sqlite);

    const delta = combine(newEffective ?? emptyAmount(), oldEffective ?? emptyAmount(), -1);
    if (isZeroDelta(delta)) return oldOwn !== undefined || input !== null;

    // A level stays in force until the unit's next own report or the end of its existence.
    let end = addMonths(period, 1);
    if (kpi.carried) {
      const next = this.s.ownNext.get(unit.id, kpi.id, period) as string | null;
      const afterLife = unit.validTo === null ? null : addMonths(unit.validTo, 1);
      end = [next, afterLife].filter((p): p is string => p !== null).sort()[0] ?? '9999-12';
    }

    let parentId = unit.parentId;
    while (parentId !== null) {
      const ancestor = catalog.units.get(parentId);
      if (!ancestor) break;
      this.addToRollup(ancestor.id, kpi, period, end, delta, now);
      // An ancestor that reports this KPI itself shows its own figure, so the change stops here.
      if (kpi.reportLevels.includes(ancestor.level)) break;
      parentId = ancestor.parentId;
    }
    return true;
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
   * Recompute every aggregate from the units' own figures, bottom-up, one KPI at a time.
   * Flows get a row per period with data; levels a row wherever the aggregate changes.
   */
  rebuildRollups(catalog: Catalog, now: string, kpis: KpiDef[] = catalog.kpis): { rows: number } {
    let written = 0;
    const insert = this.sqlite.prepare(
      `INSERT INTO ${this.t.rollups} (unit_id, kpi_id, period, value, numerator, denominator, items, contributors, updated_at,
                            cum_value, cum_numerator, cum_denominator)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    const byLevel = new Map<number, UnitNode[]>();
    for (const u of catalog.units.values()) {
      const list = byLevel.get(u.level) ?? [];
      list.push(u);
      byLevel.set(u.level, list);
    }
    const levels = [...byLevel.keys()].sort((a, b) => b - a);

    const run = this.sqlite.transaction((kpi: KpiDef) => {
      this.sqlite.prepare(`DELETE FROM ${this.t.rollups} WHERE kpi_id = ?`).run(kpi.id);
      const own = new Map<number, Map<number, Amount>>();
      let minIdx = Number.POSITIVE_INFINITY;
      let maxIdx = Number.NEGATIVE_INFINITY;
      const rows = this.sqlite
        .prepare(
          `SELECT unit_id AS unitId, period, value, numerator, denominator, items, recorded_at AS updatedAt
           FROM ${this.t.figures} WHERE kpi_id = ?`,
        )
        .all(kpi.id) as (FigureRow & { unitId: number })[];
      for (const r of rows) {
        const idx = periodIndex(r.period);
        minIdx = Math.min(minIdx, idx);
        maxIdx = Math.max(maxIdx, idx);
        const m = own.get(r.unitId) ?? new Map<number, Amount>();
        m.set(idx, amountOfFigureRow(kpi.kind, r));
        own.set(r.unitId, m);
      }
      if (rows.length === 0) return;
      // A unit that ceases to exist drops out of its parent's level the month after.
      for (const u of catalog.units.values()) {
        if (u.validTo !== null) {
          const after = periodIndex(u.validTo) + 1;
          if (after > minIdx) maxIdx = Math.max(maxIdx, after);
        }
      }
      const span = maxIdx - minIdx + 1;
      const periods = Array.from({ length: span }, (_, i) => periodFromIndex(minIdx + i));

      let effective = new Map<number, (Amount | null)[]>();
      for (const level of levels) {
        const next = new Map<number, (Amount | null)[]>();
        for (const u of byLevel.get(level) ?? []) {
          const agg: (Amount | null)[] = new Array(span).fill(null);
          if (u.children.length > 0) {
            for (const cid of u.children) {
              const series = effective.get(cid);
              if (!series) continue;
              for (let t = 0; t < span; t++) {
                const c = series[t];
                if (c) agg[t] = agg[t] ? combine(agg[t] as Amount, c) : c;
              }
            }
            let prev: Amount | null = null;
            const cum = { v: 0, n: 0, d: 0 };
            for (let t = 0; t < span; t++) {
              const a = isValidAt(u, periods[t] as string) ? (agg[t] ?? null) : null;
              const emit = kpi.carried ? !sameAmount(a, prev) && (a !== null || prev !== null) : a !== null;
              if (emit) {
                const x = a ?? emptyAmount();
                if (!kpi.carried) {
                  cum.v += x.value;
                  cum.n += x.numerator;
                  cum.d += x.denominator;
                }
                insert.run(
                  u.id,
                  kpi.id,
                  periods[t],
                  x.value,
                  x.numerator,
                  x.denominator,
                  itemsJson(x),
                  x.contributors,
                  now,
                  cum.v,
                  cum.n,
                  cum.d,
                );
                written++;
              }
              prev = a;
            }
          }
          if (kpi.reportLevels.includes(u.level)) {
            const mine = own.get(u.id);
            const eff: (Amount | null)[] = new Array(span).fill(null);
            let last: Amount | null = null;
            for (let t = 0; t < span; t++) {
              const valid = isValidAt(u, periods[t] as string);
              const a = mine?.get(minIdx + t) ?? null;
              if (a) last = a;
              eff[t] = !valid ? null : kpi.carried ? last : a;
            }
            next.set(u.id, eff);
          } else {
            next.set(
              u.id,
              agg.map((a, t) => (isValidAt(u, periods[t] as string) ? a : null)),
            );
          }
        }
        effective = next;
      }
    });
    for (const kpi of kpis) run(kpi);
    bumpDataVersion(this.sqlite);
    return { rows: written };
  }
}
