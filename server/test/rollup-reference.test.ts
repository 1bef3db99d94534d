/**
 * The brute-force roll-up reference (support/rollup-reference.ts) on hand-computed examples, and
 * invariants it must keep on random worlds (support/rollup-worlds.ts). Pure computation: no database.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  alive,
  birthOf,
  childrenAt,
  combine,
  endOf,
  expectedRollup,
  expectedRunningTotal,
  expectedValue,
  own,
  type RefAmount,
  type RefFigure,
  type RefKpi,
  type RefUnit,
  type RefVersion,
  type RefWorld,
} from './support/rollup-reference.ts';
import { describeWorld, KPI, periodsBetween, WORLD_START, worldArb, worldProblems } from './support/rollup-worlds.ts';

// ---------------------------------------------------------------------------------------------
// Hand-built worlds

const v = (from: string, to: string | null, parentId: number | null): RefVersion => ({ from, to, parentId });
const unit = (id: number, tier: number, ...versions: RefVersion[]): RefUnit => ({ id, tier, versions });
const fig = (unitId: number, kpiId: number, period: string, body: Omit<RefFigure, 'unitId' | 'kpiId' | 'period'>): RefFigure => ({
  unitId,
  kpiId,
  period,
  ...body,
});
const kpi = (id: number, kind: RefKpi['kind'], carried: boolean, tiers: number[]): RefKpi => ({ id, kind, carried, tiers });
const amount = (a: Partial<RefAmount> & { contributors: number }): RefAmount => ({
  value: 0,
  numerator: 0,
  denominator: 0,
  items: {},
  ...a,
});
const rollups = (w: RefWorld, unitId: number, kpiId: number) => w.periods.map((t) => expectedRollup(w, unitId, kpiId, t)?.value ?? null);

describe('rollup reference: hand-computed examples', () => {
  it('sums a 2-level hierarchy; a flow shows nothing in a month without figures', () => {
    const w: RefWorld = {
      periods: periodsBetween('2024-01', '2024-02'),
      units: [
        unit(1, 1, v('2024-01', null, null)),
        unit(2, 2, v('2024-01', null, 1)),
        unit(3, 2, v('2024-01', null, 1)),
        unit(4, 3, v('2024-01', null, 2)),
        unit(5, 3, v('2024-01', null, 2)),
        unit(6, 3, v('2024-01', null, 3)),
      ],
      lineage: [],
      kpis: [kpi(1, 'count', false, [3])],
      figures: [
        fig(4, 1, '2024-01', { value: 3 }),
        fig(5, 1, '2024-01', { value: 4 }),
        fig(6, 1, '2024-01', { value: 10 }),
        fig(4, 1, '2024-02', { value: 1 }),
      ],
    };
    expect(expectedRollup(w, 2, 1, '2024-01')).toEqual(amount({ value: 7, contributors: 2 }));
    expect(expectedRollup(w, 3, 1, '2024-01')).toEqual(amount({ value: 10, contributors: 1 }));
    expect(expectedRollup(w, 1, 1, '2024-01')).toEqual(amount({ value: 17, contributors: 3 }));
    expect(expectedRollup(w, 1, 1, '2024-02')).toEqual(amount({ value: 1, contributors: 1 }));
    expect(expectedRollup(w, 3, 1, '2024-02')).toBeNull();
    expect(expectedRollup(w, 4, 1, '2024-01')).toBeNull(); // a leaf has no children
    expect(expectedValue(w, 4, 1, '2024-01')).toEqual(amount({ value: 3, contributors: 1 }));
    expect(expectedValue(w, 6, 1, '2024-02')).toBeNull(); // a flow is not carried
    expect(expectedValue(w, 2, 1, '2024-01')).toEqual(expectedRollup(w, 2, 1, '2024-01'));
    expect(expectedRunningTotal(w, 1, 1, '2024-01')).toEqual({ value: 17, numerator: 0, denominator: 0 });
    expect(expectedRunningTotal(w, 1, 1, '2024-02')).toEqual({ value: 18, numerator: 0, denominator: 0 });
    expect(expectedRunningTotal(w, 3, 1, '2024-02')).toEqual({ value: 10, numerator: 0, denominator: 0 });
  });

  it('aggregates a ratio as Σnumerator / Σdenominator, not as the mean of the percentages', () => {
    const w: RefWorld = {
      periods: ['2024-01'],
      units: [unit(1, 1, v('2024-01', null, null)), unit(2, 2, v('2024-01', null, 1)), unit(3, 2, v('2024-01', null, 1))],
      lineage: [],
      kpis: [kpi(1, 'ratio', false, [2])],
      figures: [fig(2, 1, '2024-01', { numerator: 9.9, denominator: 10 }), fig(3, 1, '2024-01', { numerator: 500, denominator: 1000 })],
    };
    const root = expectedRollup(w, 1, 1, '2024-01');
    expect(root?.numerator).toBeCloseTo(509.9, 9);
    expect(root?.denominator).toBe(1010);
    expect(root?.contributors).toBe(2);
    const percent = ((root?.numerator ?? 0) / (root?.denominator ?? 1)) * 100;
    expect(percent.toFixed(1)).toBe('50.5'); // 99 % of 10 and 50 % of 1000
    expect(percent).not.toBeCloseTo((99 + 50) / 2, 0);
  });

  it('a carried stock keeps counting across a reparent', () => {
    const w: RefWorld = {
      periods: periodsBetween('2024-01', '2024-04'),
      units: [
        unit(1, 1, v('2024-01', null, null)),
        unit(2, 2, v('2024-01', null, 1)),
        unit(3, 2, v('2024-01', null, 1)),
        unit(4, 3, v('2024-01', '2024-02', 2), v('2024-03', null, 3)), // moves from #2 to #3 in month 3
        unit(5, 3, v('2024-01', null, 3)),
      ],
      lineage: [],
      kpis: [kpi(1, 'stock', true, [3])],
      figures: [fig(4, 1, '2024-01', { value: 5 }), fig(5, 1, '2024-02', { value: 2 })],
    };
    expect(rollups(w, 2, 1)).toEqual([5, 5, null, null]);
    expect(rollups(w, 3, 1)).toEqual([null, 2, 7, 7]);
    expect(rollups(w, 1, 1)).toEqual([5, 7, 7, 7]);
    expect(w.periods.map((t) => expectedRollup(w, 1, 1, t)?.contributors)).toEqual([1, 2, 2, 2]);
    expect(expectedValue(w, 4, 1, '2024-04')).toEqual(amount({ value: 5, contributors: 1 }));
  });

  describe('a merge', () => {
    // Tier-2 units #2 and #3 end in 2024-02; #10 is born in 2024-03 with their leaves #4, #5, #6.
    // Leaf #7 of #3 ended in 2024-01 and went nowhere; leaf #6 moves on to #20 in 2024-04.
    const w: RefWorld = {
      periods: periodsBetween('2024-01', '2024-04'),
      units: [
        unit(1, 1, v('2024-01', null, null)),
        unit(2, 2, v('2024-01', '2024-02', 1)),
        unit(3, 2, v('2024-01', '2024-02', 1)),
        unit(10, 2, v('2024-03', null, 1)),
        unit(20, 2, v('2024-01', null, 1)),
        unit(4, 3, v('2024-01', '2024-02', 2), v('2024-03', null, 10)),
        unit(5, 3, v('2024-01', '2024-02', 3), v('2024-03', null, 10)),
        unit(6, 3, v('2024-01', '2024-02', 3), v('2024-03', '2024-03', 10), v('2024-04', null, 20)),
        unit(7, 3, v('2024-01', '2024-01', 3)),
      ],
      lineage: [
        { predecessorId: 2, successorId: 10, share: 1 },
        { predecessorId: 3, successorId: 10, share: 1 },
      ],
      kpis: [kpi(1, 'count', false, [3]), kpi(2, 'stock', true, [2]), kpi(3, 'checklist', true, [2])],
      figures: [
        ...[
          [4, '2024-01', 1],
          [5, '2024-01', 2],
          [6, '2024-01', 4],
          [7, '2024-01', 8],
          [4, '2024-02', 10],
          [6, '2024-02', 20],
          [4, '2024-03', 100],
        ].map(([u, t, value]) => fig(Number(u), 1, String(t), { value: Number(value) })),
        fig(2, 2, '2024-01', { value: 10 }),
        fig(3, 2, '2024-01', { value: 20 }),
        fig(3, 2, '2024-02', { value: 25 }),
        fig(10, 2, '2024-03', { value: 50 }),
        fig(2, 3, '2024-01', { items: ['a'] }),
        fig(3, 3, '2024-01', { items: ['a', 'b'] }),
      ],
    };

    it("before its birth, the new unit's row is exactly the sum of the leaves it got", () => {
      // The leaves it had at birth, 2024-03: not leaf #7's 8 (gone by then), but leaf #6's 4 though #6 left later.
      expect(expectedRollup(w, 10, 1, '2024-01')).toEqual(amount({ value: 1 + 2 + 4, contributors: 3 }));
      expect(expectedRollup(w, 20, 1, '2024-01')).toBeNull(); // #20 was alive then, without #6
      expect(expectedRollup(w, 10, 1, '2024-02')).toEqual(amount({ value: 30, contributors: 2 }));
      expect(expectedRollup(w, 10, 1, '2024-03')).toEqual(amount({ value: 100, contributors: 1 }));
      expect(expectedRunningTotal(w, 10, 1, '2024-04')).toEqual({ value: 137, numerator: 0, denominator: 0 });
      expect(rollups(w, 1, 1)).toEqual([15, 30, 100, null]); // the root's real past includes leaf #7
      expect(expectedRollup(w, 2, 1, '2024-03')).toBeNull(); // after its end
      expect(expectedValue(w, 2, 1, '2024-03')).toBeNull();
    });

    it("for a KPI reported at the merged tier, its past is the sum of its predecessors' own figures", () => {
      expect(w.periods.map((t) => expectedValue(w, 10, 2, t))).toEqual([
        amount({ value: 30, contributors: 2 }),
        amount({ value: 35, contributors: 2 }), // #2's 10 carried + #3's 25
        amount({ value: 50, contributors: 1 }),
        amount({ value: 50, contributors: 1 }),
      ]);
      expect(expectedRollup(w, 10, 2, '2024-01')).toEqual(amount({ value: 30, contributors: 2 }));
      expect(expectedRollup(w, 10, 2, '2024-03')).toBeNull(); // its leaves do not report the KPI
      expect(expectedValue(w, 10, 3, '2024-02')).toEqual(amount({ items: { a: 2, b: 1 }, contributors: 2 }));
      expect(expectedValue(w, 10, 3, '2024-03')).toBeNull(); // the new unit has not reported yet
    });
  });

  it("a split divides a predecessor's own figure by the shares 0.6 / 0.4, and its leaves by where they went", () => {
    const w: RefWorld = {
      periods: periodsBetween('2024-01', '2024-03'),
      units: [
        unit(1, 1, v('2024-01', null, null)),
        unit(2, 2, v('2024-01', '2024-01', 1)),
        unit(11, 2, v('2024-02', null, 1)),
        unit(12, 2, v('2024-02', null, 1)),
        unit(4, 3, v('2024-01', '2024-01', 2), v('2024-02', null, 11)),
        unit(5, 3, v('2024-01', '2024-01', 2), v('2024-02', null, 12)),
      ],
      lineage: [
        { predecessorId: 2, successorId: 11, share: 0.6 },
        { predecessorId: 2, successorId: 12, share: 0.4 },
      ],
      kpis: [kpi(1, 'stock', true, [2]), kpi(2, 'ratio', false, [2]), kpi(3, 'count', false, [3])],
      figures: [
        fig(2, 1, '2024-01', { value: 10 }),
        fig(11, 1, '2024-02', { value: 7 }),
        fig(2, 2, '2024-01', { numerator: 3, denominator: 5 }),
        fig(4, 3, '2024-01', { value: 8 }),
        fig(5, 3, '2024-01', { value: 2 }),
      ],
    };
    expect(expectedValue(w, 11, 1, '2024-01')?.value).toBeCloseTo(6, 9);
    expect(expectedValue(w, 12, 1, '2024-01')?.value).toBeCloseTo(4, 9);
    expect(expectedValue(w, 12, 1, '2024-01')?.contributors).toBe(1);
    expect(expectedValue(w, 11, 1, '2024-02')).toEqual(amount({ value: 7, contributors: 1 }));
    expect(expectedValue(w, 12, 1, '2024-02')).toBeNull(); // carries only its own figures
    expect(expectedValue(w, 2, 1, '2024-02')).toBeNull(); // ended
    const ratio11 = expectedValue(w, 11, 2, '2024-01');
    const ratio12 = expectedValue(w, 12, 2, '2024-01');
    expect([ratio11?.numerator, ratio11?.denominator, ratio12?.numerator, ratio12?.denominator].map((x) => x?.toFixed(9))).toEqual(
      [1.8, 3, 1.2, 2].map((x) => x.toFixed(9)),
    );
    expect(expectedRollup(w, 11, 3, '2024-01')).toEqual(amount({ value: 8, contributors: 1 }));
    expect(expectedRollup(w, 12, 3, '2024-01')).toEqual(amount({ value: 2, contributors: 1 }));
    expect(expectedRollup(w, 1, 3, '2024-01')).toEqual(amount({ value: 10, contributors: 2 }));
  });

  describe('abolishing the district tier (2025 reform)', () => {
    // Tier-2 #2 and #3 end in 2025-06; their tier-3 units move directly under the root from 2025-07.
    const w: RefWorld = {
      periods: periodsBetween('2025-05', '2025-08'),
      units: [
        unit(1, 1, v('2025-05', null, null)),
        unit(2, 2, v('2025-05', '2025-06', 1)),
        unit(3, 2, v('2025-05', '2025-06', 1)),
        unit(4, 3, v('2025-05', '2025-06', 2), v('2025-07', null, 1)),
        unit(5, 3, v('2025-05', '2025-06', 2), v('2025-07', null, 1)),
        unit(6, 3, v('2025-05', '2025-06', 3), v('2025-07', null, 1)),
        unit(7, 4, v('2025-05', null, 4)),
        unit(8, 4, v('2025-05', null, 5)),
        unit(9, 4, v('2025-05', null, 6)),
      ],
      lineage: [],
      kpis: [kpi(1, 'count', false, [4]), kpi(2, 'stock', true, [3]), kpi(3, 'count', false, [1, 2, 3])],
      figures: [
        ...periodsBetween('2025-05', '2025-08').flatMap((t) => [
          fig(7, 1, t, { value: 1 }),
          fig(8, 1, t, { value: 2 }),
          fig(9, 1, t, { value: 3 }),
        ]),
        fig(4, 2, '2025-05', { value: 10 }),
        fig(6, 2, '2025-05', { value: 5 }),
        fig(1, 3, '2025-05', { value: 100 }),
        fig(2, 3, '2025-05', { value: 7 }),
        fig(3, 3, '2025-05', { value: 8 }),
        fig(4, 3, '2025-07', { value: 1 }),
        fig(5, 3, '2025-07', { value: 2 }),
        fig(6, 3, '2025-07', { value: 3 }),
      ],
    };

    it("the root's totals are the same before and after", () => {
      expect(childrenAt(w, 1, '2025-06').map((u) => u.id)).toEqual([2, 3]);
      expect(childrenAt(w, 1, '2025-07').map((u) => u.id)).toEqual([4, 5, 6]);
      expect(w.periods.map((t) => expectedRollup(w, 1, 1, t))).toEqual(Array(4).fill(amount({ value: 6, contributors: 3 })));
      expect(w.periods.map((t) => expectedRollup(w, 1, 2, t))).toEqual(Array(4).fill(amount({ value: 15, contributors: 2 })));
      expect(expectedRunningTotal(w, 1, 1, '2025-08').value).toBe(24);
      expect(rollups(w, 2, 1)).toEqual([3, 3, null, null]);
      expect(rollups(w, 4, 1)).toEqual([1, 1, 1, 1]);
    });

    it('a unit that reports a KPI itself still has the aggregate of its children', () => {
      expect(expectedValue(w, 1, 3, '2025-05')).toEqual(amount({ value: 100, contributors: 1 }));
      expect(expectedRollup(w, 1, 3, '2025-05')).toEqual(amount({ value: 15, contributors: 2 })); // 7 + 8, not 100
      expect(expectedRollup(w, 1, 3, '2025-07')).toEqual(amount({ value: 6, contributors: 3 })); // now the tier-3 units
      expect(expectedValue(w, 1, 3, '2025-07')).toBeNull();
    });
  });
});

// ---------------------------------------------------------------------------------------------
// Invariants on random worlds

const RUNS = { numRuns: 100 };

/** Reruns a check with the world dumped in the message on failure. */
function inWorld(world: RefWorld, check: () => void): void {
  try {
    check();
  } catch (error) {
    throw new Error(`${error instanceof Error ? error.message : String(error)}\n--- world ---\n${describeWorld(world)}`);
  }
}

const rootOf = (w: RefWorld): RefUnit => {
  const root = w.units.find((u) => u.tier === 1);
  if (!root) throw new Error('no root');
  return root;
};
/** KPIs reported at one tier only (not the count's [1,2,3]), with that tier. */
const singleTierKpis = (w: RefWorld) =>
  w.kpis.flatMap((k) => (k.tiers.length === 1 && k.tiers[0] !== undefined ? [{ kpi: k, tier: k.tiers[0] }] : []));
const aliveAt = (w: RefWorld, tier: number, t: string) => w.units.filter((u) => u.tier === tier && alive(u, t));
const present = <T>(x: T | null): x is T => x !== null;
/** Total lineage share a unit handed on to successors (1 after a merge or split, 0 if abolished). */
const handedOn = (w: RefWorld, u: RefUnit) => w.lineage.filter((l) => l.predecessorId === u.id).reduce((s, l) => s + l.share, 0);
const endedHandingAllOn = (w: RefWorld, u: RefUnit) => endOf(u) === null || Math.abs(handedOn(w, u) - 1) < 1e-9;
/** A unit that changed parent while its old parent lived on (a reparent, not a move out of an ended unit). */
const movedOnItsOwn = (w: RefWorld, u: RefUnit) =>
  u.versions.some((version, i) => {
    const before = u.versions[i - 1];
    const oldParent = w.units.find((p) => p.id === before?.parentId);
    return oldParent !== undefined && alive(oldParent, version.from);
  });

/** Amounts equal up to floating-point rounding (shares), ignoring contributors (a split counts one twice). */
function expectSameTotals(actual: RefAmount | null, expected: RefAmount | null, context: string) {
  expect(actual === null, `${context}: null`).toBe(expected === null);
  if (actual === null || expected === null) return;
  for (const field of ['value', 'numerator', 'denominator'] as const) {
    expect(Math.abs(actual[field] - expected[field]), `${context}: ${field} ${actual[field]} vs ${expected[field]}`).toBeLessThan(1e-9);
  }
  const codes = new Set([...Object.keys(actual.items), ...Object.keys(expected.items)]);
  for (const code of codes) {
    expect(Math.abs((actual.items[code] ?? 0) - (expected.items[code] ?? 0)), `${context}: item ${code}`).toBeLessThan(1e-9);
  }
}

describe('rollup reference: invariants on random worlds', () => {
  it('worldArb makes valid worlds: 8–12 months from 2024-01, one root alive throughout', () => {
    fc.assert(
      fc.property(worldArb(), (w) =>
        inWorld(w, () => {
          expect(worldProblems(w)).toEqual([]);
          expect(w.periods[0]).toBe(WORLD_START);
          expect(w.periods.length).toBeGreaterThanOrEqual(8);
          expect(w.periods.length).toBeLessThanOrEqual(12);
          expect(w.units.filter((u) => u.tier === 1)).toHaveLength(1);
          const root = rootOf(w);
          expect(w.periods.every((t) => alive(root, t))).toBe(true);
          expect(w.kpis.map((k) => k.kind).sort()).toEqual(['checklist', 'count', 'ratio', 'ratio', 'stock']);
        }),
      ),
      RUNS,
    );
  });

  it("for a KPI reported at one tier, the root's row combines the own figures of every unit of that tier alive at t", () => {
    fc.assert(
      fc.property(worldArb(), (w) =>
        inWorld(w, () => {
          const root = rootOf(w);
          for (const { kpi, tier } of singleTierKpis(w)) {
            for (const t of w.periods) {
              const owns = aliveAt(w, tier, t)
                .map((u) => own(w, u.id, kpi.id, t))
                .filter(present);
              expect(expectedRollup(w, root.id, kpi.id, t), `k${kpi.id} ${t}`).toEqual(combine(owns));
            }
          }
        }),
      ),
      RUNS,
    );
  });

  it("the root's row, counted straight from the figures: flows take t's figures, carried KPIs each unit's latest", () => {
    fc.assert(
      fc.property(worldArb(), (w) =>
        inWorld(w, () => {
          const root = rootOf(w);
          for (const { kpi, tier } of singleTierKpis(w)) {
            for (const t of w.periods) {
              const counted = aliveAt(w, tier, t).flatMap((u) => {
                const mine = w.figures.filter(
                  (f) => f.unitId === u.id && f.kpiId === kpi.id && (kpi.carried ? f.period <= t : f.period === t),
                );
                const latest = mine.sort((a, b) => a.period.localeCompare(b.period)).at(-1);
                return latest ? [latest] : [];
              });
              const row = expectedRollup(w, root.id, kpi.id, t);
              expect(row?.contributors ?? 0, `k${kpi.id} ${t} contributors`).toBe(counted.length);
              expect(row?.value ?? 0, `k${kpi.id} ${t} value`).toBe(counted.reduce((s, f) => s + (f.value ?? 0), 0));
              expect(row?.numerator ?? 0, `k${kpi.id} ${t} numerator`).toBe(counted.reduce((s, f) => s + (f.numerator ?? 0), 0));
              expect(row?.denominator ?? 0, `k${kpi.id} ${t} denominator`).toBe(counted.reduce((s, f) => s + (f.denominator ?? 0), 0));
              for (const code of ['a', 'b', 'c']) {
                const done = counted.filter((f) => f.items?.includes(code)).length;
                expect(row?.items[code] ?? 0, `k${kpi.id} ${t} item ${code}`).toBe(done);
              }
            }
          }
          const count = w.kpis.find((k) => k.id === KPI.count);
          if (count?.tiers.length === 1) {
            for (const t of w.periods) {
              const all = w.figures.filter((f) => f.kpiId === KPI.count && f.period <= t).reduce((s, f) => s + (f.value ?? 0), 0);
              expect(expectedRunningTotal(w, root.id, KPI.count, t).value, `running total ${t}`).toBe(all);
            }
          }
        }),
      ),
      RUNS,
    );
  });

  it('for a leaf-level KPI, the tier-3 rows at t add up to the root row (every leaf has a tier-3 parent)', () => {
    fc.assert(
      fc.property(worldArb(), (w) =>
        inWorld(w, () => {
          const root = rootOf(w);
          for (const { kpi } of singleTierKpis(w).filter((x) => x.tier === 4)) {
            for (const t of w.periods) {
              const tier3 = aliveAt(w, 3, t)
                .map((u) => expectedRollup(w, u.id, kpi.id, t))
                .filter(present);
              expect(combine(tier3), `k${kpi.id} ${t}`).toEqual(expectedRollup(w, root.id, kpi.id, t));
            }
          }
        }),
      ),
      RUNS,
    );
  });

  it("rebuilt history conserves totals: today's units of the reporting tier show, for any past t, what that tier had at t", () => {
    fc.assert(
      fc.property(worldArb(), (w) =>
        inWorld(w, () => {
          const lastPeriod = w.periods.at(-1) ?? '';
          for (const { kpi, tier } of singleTierKpis(w)) {
            // Only when every unit of the tier that ended handed all of itself on (abolished units do not).
            if (!w.units.filter((u) => u.tier === tier).every((u) => endedHandingAllOn(w, u))) continue;
            const today = aliveAt(w, tier, lastPeriod);
            for (const t of w.periods) {
              const rebuilt = combine(today.map((u) => expectedValue(w, u.id, kpi.id, t)).filter(present));
              const real = combine(
                aliveAt(w, tier, t)
                  .map((u) => own(w, u.id, kpi.id, t))
                  .filter(present),
              );
              expectSameTotals(rebuilt, real, `k${kpi.id} tier ${tier} ${t}`);
            }
          }
        }),
      ),
      RUNS,
    );
  });

  it('rebuilt history through merges and splits of an upper tier neither loses nor counts twice a figure below it', () => {
    // True when nothing between the two tiers was reparented on its own (a moved unit is counted where it
    // was at t by its old parent and again, from its new parent's birth, by the new one) and every unit
    // of those tiers that ended handed itself on (an abolished tier-2 unit passes its children to the root).
    fc.assert(
      fc.property(worldArb(), (w) =>
        inWorld(w, () => {
          const lastPeriod = w.periods.at(-1) ?? '';
          for (const upper of [2, 3]) {
            for (const { kpi, tier } of singleTierKpis(w).filter((x) => x.tier > upper)) {
              const between = w.units.filter((u) => upper <= u.tier && u.tier <= tier);
              if (between.some((u) => (u.tier > upper && movedOnItsOwn(w, u)) || !endedHandingAllOn(w, u))) continue;
              const today = aliveAt(w, upper, lastPeriod);
              for (const t of w.periods) {
                const rebuilt = combine(today.map((u) => expectedValue(w, u.id, kpi.id, t)).filter(present));
                const real = combine(
                  aliveAt(w, tier, t)
                    .map((u) => own(w, u.id, kpi.id, t))
                    .filter(present),
                );
                expectSameTotals(rebuilt, real, `k${kpi.id} tiers ${upper}/${tier} ${t}`);
              }
            }
          }
        }),
      ),
      RUNS,
    );
  });

  it('a roll-up row never includes its own unit’s figures; values follow life (own, aggregate, history, then nothing)', () => {
    fc.assert(
      fc.property(worldArb(), (w) =>
        inWorld(w, () => {
          for (const u of w.units) {
            const withoutMine: RefWorld = { ...w, figures: w.figures.filter((f) => f.unitId !== u.id) };
            for (const k of w.kpis) {
              for (const t of w.periods) {
                const where = `#${u.id} k${k.id} ${t}`;
                const row = expectedRollup(w, u.id, k.id, t);
                expect(expectedRollup(withoutMine, u.id, k.id, t), where).toEqual(row);
                const shown = expectedValue(w, u.id, k.id, t);
                if (alive(u, t)) expect(shown, where).toEqual(k.tiers.includes(u.tier) ? own(w, u.id, k.id, t) : row);
                else if (t < birthOf(u))
                  expect(shown, where).toEqual(row); // both the rebuilt history
                else expect([shown, row], where).toEqual([null, null]);
              }
            }
          }
        }),
      ),
      { numRuns: 50 },
    );
  });
});
