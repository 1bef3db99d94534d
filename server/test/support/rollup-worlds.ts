/**
 * Random small "worlds" (hierarchy over time, lineage, KPIs, figures) for the roll-up reference in
 * rollup-reference.ts, plus month helpers, a validity check and a compact dump for failure messages.
 *
 * A world spans 8–12 months from 2024-01: a root (tier 1) alive throughout, 1–3 tier-2 units under it,
 * 1–3 tier-3 units under each, 1–3 tier-4 leaves under each tier-3. Then 0–3 reorganisations, at
 * distinct months M, applied in month order:
 * - reparent: a unit moves under another alive unit of its parent's tier from M (its version splits at M);
 * - merge: 2 units of the same tier and parent end at M-1; a new unit of that tier is born at M under
 *   the same parent, lineage share 1 from each; their alive children move to it from M;
 * - split: a unit ends at M-1; two new units are born at M under its parent, lineage shares w and 1-w
 *   (w ∈ {0.25, 0.5, 0.6}); its alive children are divided between them from M;
 * - abolish: every tier-2 unit ends at M-1 and its tier-3 children move directly under the root from M
 *   (Vietnam's 2025 reform of the district level).
 * A reorganisation with nothing to act on (e.g. a merge with no two siblings) is skipped.
 * KPIs: one of each kind, tiers drawn so that no KPI is reported at a tier and an ancestor tier, except
 * the count's [1,2,3] ("own figure, not summed"). Figures are sparse and only within their unit's life.
 */
import fc from 'fast-check';
import { alive, birthOf, endOf, type RefFigure, type RefKpi, type RefLineage, type RefUnit, type RefWorld } from './rollup-reference.ts';

// ---------------------------------------------------------------------------------------------
// Months

/** 'YYYY-MM' shifted by n months (n may be negative). */
export function addMonths(period: string, n: number): string {
  const [y, m] = period.split('-').map(Number);
  if (y === undefined || m === undefined || !/^\d{4}-\d{2}$/.test(period)) throw new Error(`bad period ${period}`);
  const index = y * 12 + (m - 1) + n;
  return `${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, '0')}`;
}

/** Every month from `from` to `to`, both inclusive ([] if to < from). */
export function periodsBetween(from: string, to: string): string[] {
  const out: string[] = [];
  for (let p = from; p <= to; p = addMonths(p, 1)) out.push(p);
  return out;
}

// ---------------------------------------------------------------------------------------------
// Validity

/** What is wrong with a world (empty when valid): the assumptions the reference relies on. */
export function worldProblems(world: RefWorld): string[] {
  const problems: string[] = [];
  const first = world.periods[0];
  const last = world.periods.at(-1);
  if (first === undefined || last === undefined) return ['no periods'];
  if (world.periods.join() !== periodsBetween(first, last).join()) problems.push('periods are not contiguous and sorted');

  const units = new Map(world.units.map((u) => [u.id, u]));
  if (units.size !== world.units.length) problems.push('duplicate unit ids');
  for (const u of world.units) {
    if (u.versions.length === 0) {
      problems.push(`#${u.id}: no versions`);
      continue;
    }
    for (const [i, v] of u.versions.entries()) {
      const next = u.versions[i + 1];
      if (v.to !== null && v.to < v.from) problems.push(`#${u.id}: version ${v.from}..${v.to} is empty`);
      if (next && (v.to === null || addMonths(v.to, 1) !== next.from)) problems.push(`#${u.id}: versions not contiguous at ${next.from}`);
      if (v.parentId === null) continue;
      const parent = units.get(v.parentId);
      if (!parent) {
        problems.push(`#${u.id}: unknown parent #${v.parentId}`);
        continue;
      }
      if (parent.tier >= u.tier) problems.push(`#${u.id}: parent #${parent.id} is not of a higher tier`);
      for (const t of periodsBetween(v.from, v.to ?? last)) {
        if (!alive(parent, t)) problems.push(`#${u.id}: parent #${parent.id} not alive at ${t}`);
      }
    }
  }

  const outShares = new Map<number, number>();
  for (const l of world.lineage) {
    const p = units.get(l.predecessorId);
    const s = units.get(l.successorId);
    if (!p || !s) {
      problems.push(`lineage #${l.predecessorId} → #${l.successorId}: unknown unit`);
      continue;
    }
    if (!(l.share > 0 && l.share <= 1)) problems.push(`lineage #${p.id} → #${s.id}: share ${l.share}`);
    if (p.tier !== s.tier) problems.push(`lineage #${p.id} → #${s.id}: tiers differ`);
    if (endOf(p) !== addMonths(birthOf(s), -1)) problems.push(`lineage #${p.id} → #${s.id}: predecessor does not end just before`);
    outShares.set(p.id, (outShares.get(p.id) ?? 0) + l.share);
  }
  for (const [id, total] of outShares) if (Math.abs(total - 1) > 1e-9) problems.push(`#${id}: lineage shares sum to ${total}`);

  const kpis = new Map(world.kpis.map((k) => [k.id, k]));
  const seen = new Set<string>();
  for (const f of world.figures) {
    const u = units.get(f.unitId);
    const k = kpis.get(f.kpiId);
    const where = `figure #${f.unitId}/k${f.kpiId}/${f.period}`;
    if (!u || !k) {
      problems.push(`${where}: unknown unit or KPI`);
      continue;
    }
    if (!k.tiers.includes(u.tier)) problems.push(`${where}: tier ${u.tier} does not report k${k.id}`);
    if (!alive(u, f.period) || !world.periods.includes(f.period)) problems.push(`${where}: outside the unit's life or the periods`);
    if (seen.has(where)) problems.push(`${where}: duplicate`);
    seen.add(where);
    if (k.kind === 'ratio' && !((f.denominator ?? 0) >= 1 && 0 <= (f.numerator ?? -1) && (f.numerator ?? 0) <= (f.denominator ?? 0))) {
      problems.push(`${where}: ratio ${f.numerator}/${f.denominator}`);
    }
  }
  return problems;
}

// ---------------------------------------------------------------------------------------------
// Dump

function figureText(kpi: RefKpi | undefined, f: RefFigure): string {
  switch (kpi?.kind) {
    case 'ratio':
      return `${f.numerator}/${f.denominator}`;
    case 'checklist':
      return `[${(f.items ?? []).join(',')}]`;
    default:
      return String(f.value);
  }
}

/** Compact human-readable dump of a world, for failure messages. */
export function describeWorld(world: RefWorld): string {
  const lines: string[] = [`periods ${world.periods[0]}..${world.periods.at(-1)}`];
  for (const k of world.kpis) lines.push(`k${k.id} ${k.kind} ${k.carried ? 'carried' : 'flow'} tiers [${k.tiers.join(',')}]`);
  for (const u of world.units) {
    const versions = u.versions.map((v) => `${v.from}..${v.to ?? ''} ↑${v.parentId ?? '-'}`).join(', ');
    lines.push(`#${u.id} t${u.tier}: ${versions}`);
  }
  for (const l of world.lineage) lines.push(`lineage #${l.predecessorId} → #${l.successorId} ×${l.share}`);
  const groups = new Map<string, string[]>();
  for (const f of [...world.figures].sort((a, b) => a.unitId - b.unitId || a.kpiId - b.kpiId || a.period.localeCompare(b.period))) {
    const key = `#${f.unitId} k${f.kpiId}:`;
    groups.set(key, [
      ...(groups.get(key) ?? []),
      `${f.period}=${figureText(
        world.kpis.find((k) => k.id === f.kpiId),
        f,
      )}`,
    ]);
  }
  for (const [key, texts] of groups) lines.push(`${key} ${texts.join(' ')}`);
  return lines.join('\n');
}

// ---------------------------------------------------------------------------------------------
// Generator

export const WORLD_START = '2024-01';
export const CHECKLIST_ITEMS = ['a', 'b', 'c'] as const;

/** KPI ids of worldArb's worlds. */
export const KPI = { count: 1, stock: 2, ratioLevel: 3, ratioFlow: 4, checklist: 5 } as const;

interface ReorgPlan {
  kind: 'reparent' | 'merge' | 'split' | 'abolish';
  /** Month index (mod months-1, +1: never the first month). */
  at: number;
  /** Which candidate (mod the number of candidates). */
  pick: number;
  share: number;
  /** Bit i: child i of a split goes to the first new unit. */
  mask: number;
}

interface Shape {
  months: number;
  /** One entry per tier-2 unit, listing the number of leaves of each of its tier-3 units. */
  branches: number[][];
  reorgs: ReorgPlan[];
  tiers: { count: number[]; stock: number[]; ratioLevel: number[]; ratioFlow: number[]; checklist: number[] };
}

const reorgArb: fc.Arbitrary<ReorgPlan> = fc.record({
  kind: fc.constantFrom('reparent', 'merge', 'split', 'abolish'),
  at: fc.nat({ max: 100 }),
  pick: fc.nat({ max: 1000 }),
  share: fc.constantFrom(0.25, 0.5, 0.6),
  mask: fc.nat({ max: 255 }),
});

const shapeArb: fc.Arbitrary<Shape> = fc.record({
  months: fc.integer({ min: 8, max: 12 }),
  branches: fc.array(fc.array(fc.integer({ min: 1, max: 3 }), { minLength: 1, maxLength: 3 }), { minLength: 1, maxLength: 3 }),
  reorgs: fc.array(reorgArb, { maxLength: 3 }),
  tiers: fc.record({
    count: fc.constantFrom([4], [3], [2], [1, 2, 3]),
    stock: fc.constantFrom([4], [3], [2]),
    ratioLevel: fc.constantFrom([4], [3]),
    ratioFlow: fc.constantFrom([4], [3]),
    checklist: fc.constantFrom([4], [3], [2]),
  }),
});

type Skeleton = Omit<RefWorld, 'figures'>;

/** The hierarchy of a shape, with its reorganisations applied (figures come after). */
function buildSkeleton(shape: Shape): Skeleton {
  const periods = periodsBetween(WORLD_START, addMonths(WORLD_START, shape.months - 1));
  const units: RefUnit[] = [];
  const lineage: RefLineage[] = [];
  let nextId = 1;
  const born = (tier: number, parentId: number | null, from: string): RefUnit => {
    const unit: RefUnit = { id: nextId++, tier, versions: [{ from, to: null, parentId }] };
    units.push(unit);
    return unit;
  };

  const root = born(1, null, WORLD_START);
  for (const tier3s of shape.branches) {
    const t2 = born(2, root.id, WORLD_START);
    for (const leaves of tier3s) {
      const t3 = born(3, t2.id, WORLD_START);
      for (let i = 0; i < leaves; i++) born(4, t3.id, WORLD_START);
    }
  }

  // Reorganisations at distinct months, in month order. Since every earlier one happened before M, a unit
  // alive at M is one born before M that is still open, and its last version holds M.
  const seenMonths = new Set<string>();
  const plans = shape.reorgs
    .map((plan) => ({ plan, month: periods[1 + (plan.at % (periods.length - 1))] ?? WORLD_START }))
    .filter(({ month }) => {
      const fresh = !seenMonths.has(month);
      seenMonths.add(month);
      return fresh;
    })
    .sort((a, b) => a.month.localeCompare(b.month));

  const lastVersion = (u: RefUnit) => {
    const v = u.versions.at(-1);
    if (!v) throw new Error('no versions');
    return v;
  };
  const parentOf = (u: RefUnit) => lastVersion(u).parentId;
  const tierOf = (id: number | null) => units.find((u) => u.id === id)?.tier;
  for (const { plan, month: M } of plans) {
    const open = units.filter((u) => birthOf(u) < M && endOf(u) === null);
    const childrenOf = (ids: number[]) => open.filter((c) => ids.includes(parentOf(c) ?? -1)).sort((a, b) => a.id - b.id);
    const end = (u: RefUnit) => {
      lastVersion(u).to = addMonths(M, -1);
    };
    const move = (u: RefUnit, parentId: number) => {
      lastVersion(u).to = addMonths(M, -1);
      u.versions.push({ from: M, to: null, parentId });
    };
    const nonRoot = open.filter((u) => u.tier >= 2);

    switch (plan.kind) {
      case 'reparent': {
        const moves = nonRoot.flatMap((u) =>
          open.filter((p) => p.id !== parentOf(u) && p.tier === tierOf(parentOf(u))).map((p) => ({ unit: u, to: p.id })),
        );
        const chosen = moves[plan.pick % Math.max(1, moves.length)];
        if (chosen) move(chosen.unit, chosen.to);
        break;
      }
      case 'merge': {
        const pairs = nonRoot.flatMap((a) =>
          nonRoot.filter((b) => a.id < b.id && a.tier === b.tier && parentOf(a) === parentOf(b)).map((b) => [a, b] as const),
        );
        const pair = pairs[plan.pick % Math.max(1, pairs.length)];
        if (!pair) break;
        const [a, b] = pair;
        const merged = born(a.tier, parentOf(a), M);
        for (const child of childrenOf([a.id, b.id])) move(child, merged.id);
        end(a);
        end(b);
        lineage.push({ predecessorId: a.id, successorId: merged.id, share: 1 }, { predecessorId: b.id, successorId: merged.id, share: 1 });
        break;
      }
      case 'split': {
        const unit = nonRoot[plan.pick % Math.max(1, nonRoot.length)];
        if (!unit) break;
        const first = born(unit.tier, parentOf(unit), M);
        const second = born(unit.tier, parentOf(unit), M);
        childrenOf([unit.id]).forEach((child, i) => {
          move(child, (plan.mask >> i) & 1 ? first.id : second.id);
        });
        end(unit);
        lineage.push(
          { predecessorId: unit.id, successorId: first.id, share: plan.share },
          { predecessorId: unit.id, successorId: second.id, share: 1 - plan.share },
        );
        break;
      }
      case 'abolish': {
        const tier2 = open.filter((u) => u.tier === 2);
        for (const child of childrenOf(tier2.map((u) => u.id))) move(child, root.id);
        for (const u of tier2) end(u);
        break;
      }
    }
  }

  const kpis: RefKpi[] = [
    { id: KPI.count, kind: 'count', carried: false, tiers: [...shape.tiers.count] },
    { id: KPI.stock, kind: 'stock', carried: true, tiers: [...shape.tiers.stock] },
    { id: KPI.ratioLevel, kind: 'ratio', carried: true, tiers: [...shape.tiers.ratioLevel] },
    { id: KPI.ratioFlow, kind: 'ratio', carried: false, tiers: [...shape.tiers.ratioFlow] },
    { id: KPI.checklist, kind: 'checklist', carried: true, tiers: [...shape.tiers.checklist] },
  ];
  return { units, lineage, kpis, periods };
}

/** The reported part of one figure, for a KPI of the given kind. */
function figureBodyArb(kpi: RefKpi): fc.Arbitrary<Omit<RefFigure, 'unitId' | 'kpiId' | 'period'>> {
  switch (kpi.kind) {
    case 'count':
    case 'stock':
      return fc.integer({ min: 0, max: 20 }).map((value) => ({ value }));
    case 'ratio':
      return fc
        .tuple(fc.integer({ min: 1, max: 20 }), fc.integer({ min: 0, max: 20 }))
        .map(([denominator, n]) => ({ numerator: n % (denominator + 1), denominator }));
    case 'checklist':
      return fc.subarray([...CHECKLIST_ITEMS]).map((items) => ({ items }));
  }
}

/** Sparse figures: each reporting unit reports in a random subset (about half) of its alive periods. */
function figuresArb(skeleton: Skeleton): fc.Arbitrary<RefFigure[]> {
  const slots: { unitId: number; kpi: RefKpi; period: string }[] = [];
  for (const kpi of skeleton.kpis) {
    for (const unit of skeleton.units.filter((u) => kpi.tiers.includes(u.tier))) {
      for (const period of skeleton.periods.filter((t) => alive(unit, t))) slots.push({ unitId: unit.id, kpi, period });
    }
  }
  return fc.tuple(...slots.map((slot) => fc.option(figureBodyArb(slot.kpi), { freq: 2 }))).map((bodies) =>
    slots.flatMap((slot, i) => {
      const body = bodies[i];
      return body ? [{ unitId: slot.unitId, kpiId: slot.kpi.id, period: slot.period, ...body }] : [];
    }),
  );
}

/** Small valid worlds over 8–12 months from 2024-01 (see the top of this file). */
export function worldArb(): fc.Arbitrary<RefWorld> {
  return shapeArb.map(buildSkeleton).chain((skeleton) => figuresArb(skeleton).map((figures) => ({ ...skeleton, figures })));
}
