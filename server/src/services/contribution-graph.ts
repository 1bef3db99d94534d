/**
 * Who receives a change to a unit's figure, in a period, on that period's map — the one rule of
 * the roll-up, used by the incremental path and by the full rebuild alike:
 * 1. the unit's parent at that period (and on up, until a unit that reports the KPI itself,
 *    whose figure is its own report and so does not change);
 * 2. a unit created later that reports the KPI itself and took a share of this one: its rebuilt
 *    past gets that share;
 * 3. a unit created later that does not report the KPI and had this one below it when it was
 *    created: its rebuilt past gets the whole.
 * A unit that receives through 2 or 3 passes it on by the same rules, so a chain of
 * reorganisations is followed to its end.
 */
import type { Amount } from '@tiendo/shared';
import { type Catalog, isValidAt, type KpiDef, parentAt, type UnitNode, versionAt } from './catalog-service.ts';

/** Receivers of a change to `unit`'s figure at `period`, with the weight each receives. */
export function contributionTargets(cat: Catalog, kpi: Pick<KpiDef, 'reportLevels'>, unit: UnitNode, period: string): Map<number, number> {
  const out = new Map<number, number>();
  const reports = (u: UnitNode) => kpi.reportLevels.includes(u.level);
  const receive = (u: UnitNode, w: number) => {
    out.set(u.id, (out.get(u.id) ?? 0) + w);
  };
  const visit = (x: UnitNode, w: number, depth: number) => {
    if (depth > 64) throw new Error(`contribution graph: cycle at unit ${x.id}`);
    if (isValidAt(x, period)) {
      const p = parentAt(cat, x, period);
      if (p) {
        receive(p, w);
        if (!reports(p)) visit(p, w, depth + 1);
      }
    }
    for (const link of x.successors) {
      const d = cat.units.get(link.unitId);
      if (!d || d.validFrom === null || d.validFrom <= period || !reports(d)) continue;
      receive(d, w * link.share);
      visit(d, w * link.share, depth + 1);
    }
    for (const v of x.versions) {
      if (v.parentId === null) continue;
      const d = cat.units.get(v.parentId);
      const birth = d?.validFrom ?? null;
      if (!d || birth === null || birth <= period || reports(d)) continue;
      if ((v.from !== null && v.from > birth) || (v.to !== null && v.to < birth)) continue;
      receive(d, w);
      visit(d, w, depth + 1);
    }
  };
  visit(unit, 1, 0);
  return out;
}

/** [from, to) cut where the map changes: `[[from, b1], [b1, b2], …, [bn, to]]`. */
export function segmentsOf(boundaries: readonly string[], from: string, to: string): [string, string][] {
  const out: [string, string][] = [];
  let start = from;
  for (const b of boundaries) {
    if (b > start && b < to) {
      out.push([start, b]);
      start = b;
    }
  }
  out.push([start, to]);
  return out;
}

function depthAt(cat: Catalog, u: UnitNode, period: string): number {
  let d = 0;
  for (let p = parentAt(cat, u, period); p; p = parentAt(cat, p, period)) d++;
  return d;
}

/** The units alive at a period with their parent then, every unit before its parent. */
export function bottomUpOrder(cat: Catalog, period: string): { unit: UnitNode; parentId: number | null }[] {
  const alive: { unit: UnitNode; parentId: number | null; d: number }[] = [];
  for (const u of cat.units.values()) {
    const v = versionAt(u, period);
    if (v) alive.push({ unit: u, parentId: v.parentId, d: depthAt(cat, u, period) });
  }
  alive.sort((a, b) => b.d - a.d);
  return alive;
}

const bornCache = new WeakMap<Catalog, UnitNode[]>();

/**
 * Units created after `period`, in the order their rebuilt past can be computed: earlier
 * creations first (a later unit may descend from them), and among units created together, those
 * lower on the new map first.
 */
export function historyOrder(cat: Catalog, period: string): UnitNode[] {
  let born = bornCache.get(cat);
  if (!born) {
    const list = [...cat.units.values()].filter((u) => u.validFrom !== null);
    const depth = new Map(list.map((u) => [u.id, depthAt(cat, u, u.validFrom as string)]));
    born = list.sort(
      (a, b) => (a.validFrom as string).localeCompare(b.validFrom as string) || (depth.get(b.id) ?? 0) - (depth.get(a.id) ?? 0),
    );
    bornCache.set(cat, born);
  }
  return born.filter((u) => (u.validFrom as string) > period);
}

/** A share of an amount: value, numerator, denominator and item counts; the contributors stay. */
export function scaleAmount(a: Amount, w: number): Amount {
  const items: Record<string, number> = {};
  for (const [k, n] of Object.entries(a.items)) items[k] = n * w;
  return { value: a.value * w, numerator: a.numerator * w, denominator: a.denominator * w, items, contributors: a.contributors };
}
