/**
 * Recomputes every aggregate of a basis from the units' own figures, one KPI and one period at a
 * time: bottom-up over that period's map, then the rebuilt past of units not yet created. Flows
 * get a row per period with data; levels a row wherever the aggregate changes. It loads the demo,
 * applies a change of hierarchy, and checks that the incremental path never drifted.
 */
import { type Amount, addMonths, combine, emptyAmount } from '@tiendo/shared';
import type { Sqlite } from '../db/client.ts';
import { amountOfFigureRow, itemsJson, sameAmount } from './amount-rows.ts';
import { type Catalog, isValidAt, type KpiDef, type UnitNode, versionAt } from './catalog-service.ts';
import { bottomUpOrder, historyOrder, scaleAmount } from './contribution-graph.ts';
import type { FigureStore } from './figure-store.ts';

export function rebuildRollups(sqlite: Sqlite, store: FigureStore, catalog: Catalog, now: string, kpis: KpiDef[]): { rows: number } {
  let written = 0;
  const mortal = [...catalog.units.values()].filter((u) => u.validTo !== null);

  const run = sqlite.transaction((kpi: KpiDef) => {
    store.clearRollups(kpi.id);
    const rows = store.ownOfKpi(kpi.id);
    const firstRow = rows[0];
    if (firstRow === undefined) return;
    const own = new Map<number, Map<string, Amount>>();
    for (const r of rows) {
      const m = own.get(r.unitId) ?? new Map<string, Amount>();
      m.set(r.period, amountOfFigureRow(kpi.kind, r));
      own.set(r.unitId, m);
    }
    let first = firstRow.period;
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
      store.insertRollup({
        unitId: u.id,
        kpiId: kpi.id,
        period,
        value: x.value,
        numerator: x.numerator,
        denominator: x.denominator,
        items: itemsJson(x),
        contributors: x.contributors,
        updatedAt: now,
        cumValue: c.v,
        cumNumerator: c.n,
        cumDenominator: c.d,
      });
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
  return { rows: written };
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
