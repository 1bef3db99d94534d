/**
 * Brute-force reference of how KPI figures aggregate over an administrative hierarchy that changes
 * over time. Written for clarity, not speed: every function below is one of these definitions, computed
 * recursively from scratch on each call. It is the oracle for the property test of the incremental
 * roll-up engine; worlds to feed it come from rollup-worlds.ts.
 *
 * Periods are months 'YYYY-MM' (they compare as strings). A unit's life is [versions[0].from, last.to],
 * both inclusive, last.to null = still open.
 *
 * - alive(u, t): t within u's life. parent(u, t): parentId of the version holding t.
 *   children(U, t): units alive at t whose parent at t is U.
 * - amount of one figure: contributors 1; count/stock → value; ratio → numerator, denominator;
 *   checklist → items {code: 1} for each item done.
 *   combine = component-wise sum (items summed per code, codes with 0 removed; contributors summed).
 *   scale(a, w) multiplies value, numerator, denominator and each item count by w, contributors unchanged.
 * - own(u, k, t): u's figure at exactly t if any; if k.carried, else the latest figure of u at a
 *   period ≤ t (carried levels keep counting, from any earlier period of u's life).
 *   Only defined while alive(u, t).
 * - effective(u, k, t) for alive(u, t): if u.tier ∈ k.tiers → own(u, k, t) (may be null);
 *   else aggregate(u, k, t).
 * - aggregate(u, k, t) for alive(u, t): combine of effective(c, k, t) over children(u, t) that are
 *   non-null; null if none. (Even a unit that reports k itself has this aggregate of its children.)
 * - history(U, k, t) for a unit not yet born at t (t < U's first period), its rebuilt past.
 *   Let B = U's first period.
 *   - if U.tier ∈ k.tiers: combine over lineage rows (p → U, share w) of scale(valueAt(p, k, t), w);
 *   - else: combine over units c whose parent at B is U (children(U, B)) of valueAt(c, k, t).
 *   - null if nothing contributes.
 * - valueAt(x, k, t): effective(x, k, t) if alive(x, t); history(x, k, t) if t < x's first period;
 *   null if x ended before t.
 * - expectedRollup(U, k, t) = aggregate(U, k, t) if alive(U, t); history(U, k, t) if t is before U's
 *   birth; null after its end.
 * - expectedValue = valueAt.
 * - expectedRunningTotal(U, k, t) (for flows) = sum over periods p ≤ t in world.periods of
 *   expectedRollup(U, k, p)'s value, numerator, denominator (null counts as 0).
 *
 * Ratio and checklist headline values (Σnum/Σden, share of items done) are derived elsewhere; the
 * reference compares amounts.
 *
 * Recursion ends on valid worlds (see worldProblems in rollup-worlds.ts): a lineage step goes to a unit
 * born strictly earlier, a children step goes one level down the tree as it stands at one period.
 */

export type Kind = 'count' | 'stock' | 'ratio' | 'checklist';
/** tiers: the tiers whose units report the KPI themselves. */
export interface RefKpi {
  id: number;
  kind: Kind;
  carried: boolean;
  tiers: number[];
}
/** Periods 'YYYY-MM', both inclusive; to null = still open. */
export interface RefVersion {
  from: string;
  to: string | null;
  parentId: number | null;
}
/** Versions contiguous, sorted; life = [versions[0].from, last.to]. */
export interface RefUnit {
  id: number;
  tier: number;
  versions: RefVersion[];
}
/** share in (0, 1]. */
export interface RefLineage {
  predecessorId: number;
  successorId: number;
  share: number;
}
export interface RefFigure {
  unitId: number;
  kpiId: number;
  period: string;
  value?: number;
  numerator?: number;
  denominator?: number;
  items?: string[];
}
export interface RefAmount {
  value: number;
  numerator: number;
  denominator: number;
  items: Record<string, number>;
  contributors: number;
}
/** periods: the contiguous months to check, sorted. */
export interface RefWorld {
  units: RefUnit[];
  lineage: RefLineage[];
  kpis: RefKpi[];
  figures: RefFigure[];
  periods: string[];
}

// ---------------------------------------------------------------------------------------------
// Looking things up

export function unitOf(world: RefWorld, unitId: number): RefUnit {
  const unit = world.units.find((u) => u.id === unitId);
  if (!unit) throw new Error(`no unit #${unitId}`);
  return unit;
}

export function kpiOf(world: RefWorld, kpiId: number): RefKpi {
  const kpi = world.kpis.find((k) => k.id === kpiId);
  if (!kpi) throw new Error(`no KPI #${kpiId}`);
  return kpi;
}

/**
 * The figures of one unit for one KPI, sorted by period. The only speed-up in this file: figures are
 * grouped once per world object (so do not mutate a world's figures after querying it).
 */
const figureIndex = new WeakMap<RefWorld, Map<string, RefFigure[]>>();
function figuresOf(world: RefWorld, unitId: number, kpiId: number): RefFigure[] {
  let index = figureIndex.get(world);
  if (!index) {
    index = new Map();
    for (const f of world.figures) {
      const key = `${f.unitId}/${f.kpiId}`;
      index.set(key, [...(index.get(key) ?? []), f]);
    }
    for (const list of index.values()) list.sort((a, b) => a.period.localeCompare(b.period));
    figureIndex.set(world, index);
  }
  return index.get(`${unitId}/${kpiId}`) ?? [];
}

// ---------------------------------------------------------------------------------------------
// Life and hierarchy

export function birthOf(unit: RefUnit): string {
  const first = unit.versions[0];
  if (!first) throw new Error(`unit #${unit.id} has no versions`);
  return first.from;
}

/** Last period of the unit's life; null = still open. */
export function endOf(unit: RefUnit): string | null {
  const last = unit.versions.at(-1);
  if (!last) throw new Error(`unit #${unit.id} has no versions`);
  return last.to;
}

export function alive(unit: RefUnit, t: string): boolean {
  const end = endOf(unit);
  return birthOf(unit) <= t && (end === null || t <= end);
}

export function parentAt(unit: RefUnit, t: string): number | null {
  const version = unit.versions.find((v) => v.from <= t && (v.to === null || t <= v.to));
  if (!version) throw new Error(`unit #${unit.id} is not alive at ${t}`);
  return version.parentId;
}

export function childrenAt(world: RefWorld, parentId: number, t: string): RefUnit[] {
  return world.units.filter((c) => alive(c, t) && parentAt(c, t) === parentId);
}

// ---------------------------------------------------------------------------------------------
// Amounts

export function amountOfFigure(kpi: RefKpi, figure: RefFigure): RefAmount {
  const amount: RefAmount = { value: 0, numerator: 0, denominator: 0, items: {}, contributors: 1 };
  switch (kpi.kind) {
    case 'count':
    case 'stock':
      amount.value = figure.value ?? 0;
      break;
    case 'ratio':
      amount.numerator = figure.numerator ?? 0;
      amount.denominator = figure.denominator ?? 0;
      break;
    case 'checklist':
      for (const code of figure.items ?? []) amount.items[code] = 1;
      break;
  }
  return amount;
}

/** Component-wise sum; null for an empty list ("null if none"). */
export function combine(amounts: readonly RefAmount[]): RefAmount | null {
  if (amounts.length === 0) return null;
  const sum: RefAmount = { value: 0, numerator: 0, denominator: 0, items: {}, contributors: 0 };
  for (const a of amounts) {
    sum.value += a.value;
    sum.numerator += a.numerator;
    sum.denominator += a.denominator;
    sum.contributors += a.contributors;
    for (const [code, n] of Object.entries(a.items)) sum.items[code] = (sum.items[code] ?? 0) + n;
  }
  for (const [code, n] of Object.entries(sum.items)) if (n === 0) delete sum.items[code];
  return sum;
}

export function scale(a: RefAmount, w: number): RefAmount {
  const items: Record<string, number> = {};
  for (const [code, n] of Object.entries(a.items)) items[code] = n * w;
  return { value: a.value * w, numerator: a.numerator * w, denominator: a.denominator * w, items, contributors: a.contributors };
}

const present = <T>(x: T | null): x is T => x !== null;

// ---------------------------------------------------------------------------------------------
// The definitions

export function own(world: RefWorld, unitId: number, kpiId: number, t: string): RefAmount | null {
  const unit = unitOf(world, unitId);
  const kpi = kpiOf(world, kpiId);
  if (!alive(unit, t)) throw new Error(`own: unit #${unitId} is not alive at ${t}`);
  const figures = figuresOf(world, unitId, kpiId).filter((f) => birthOf(unit) <= f.period && f.period <= t);
  const figure = kpi.carried ? figures.at(-1) : figures.find((f) => f.period === t);
  return figure ? amountOfFigure(kpi, figure) : null;
}

export function effective(world: RefWorld, unitId: number, kpiId: number, t: string): RefAmount | null {
  const unit = unitOf(world, unitId);
  if (!alive(unit, t)) throw new Error(`effective: unit #${unitId} is not alive at ${t}`);
  return kpiOf(world, kpiId).tiers.includes(unit.tier) ? own(world, unitId, kpiId, t) : aggregate(world, unitId, kpiId, t);
}

export function aggregate(world: RefWorld, unitId: number, kpiId: number, t: string): RefAmount | null {
  if (!alive(unitOf(world, unitId), t)) throw new Error(`aggregate: unit #${unitId} is not alive at ${t}`);
  return combine(
    childrenAt(world, unitId, t)
      .map((c) => effective(world, c.id, kpiId, t))
      .filter(present),
  );
}

export function history(world: RefWorld, unitId: number, kpiId: number, t: string): RefAmount | null {
  const unit = unitOf(world, unitId);
  const born = birthOf(unit);
  if (!(t < born)) throw new Error(`history: unit #${unitId} is already born at ${t}`);
  if (kpiOf(world, kpiId).tiers.includes(unit.tier)) {
    const rows = world.lineage.filter((l) => l.successorId === unitId);
    return combine(
      rows
        .map((l) => {
          const past = valueAt(world, l.predecessorId, kpiId, t);
          return past === null ? null : scale(past, l.share);
        })
        .filter(present),
    );
  }
  return combine(
    childrenAt(world, unitId, born)
      .map((c) => valueAt(world, c.id, kpiId, t))
      .filter(present),
  );
}

export function valueAt(world: RefWorld, unitId: number, kpiId: number, t: string): RefAmount | null {
  const unit = unitOf(world, unitId);
  if (alive(unit, t)) return effective(world, unitId, kpiId, t);
  if (t < birthOf(unit)) return history(world, unitId, kpiId, t);
  return null; // ended before t
}

/** Expected roll-up row of (unit, kpi, period). null = no row / nothing. */
export function expectedRollup(world: RefWorld, unitId: number, kpiId: number, period: string): RefAmount | null {
  const unit = unitOf(world, unitId);
  if (alive(unit, period)) return aggregate(world, unitId, kpiId, period);
  if (period < birthOf(unit)) return history(world, unitId, kpiId, period);
  return null; // after its end
}

/** What a unit shows for a KPI in a period (own figure, aggregate or rebuilt history). */
export function expectedValue(world: RefWorld, unitId: number, kpiId: number, period: string): RefAmount | null {
  return valueAt(world, unitId, kpiId, period);
}

/** Running total of the roll-up row of a flow: Σ over world.periods p ≤ period of expectedRollup (null = 0). */
export function expectedRunningTotal(
  world: RefWorld,
  unitId: number,
  kpiId: number,
  period: string,
): { value: number; numerator: number; denominator: number } {
  const total = { value: 0, numerator: 0, denominator: 0 };
  for (const p of world.periods.filter((p) => p <= period)) {
    const row = expectedRollup(world, unitId, kpiId, p);
    if (row === null) continue;
    total.value += row.value;
    total.numerator += row.numerator;
    total.denominator += row.denominator;
  }
  return total;
}
