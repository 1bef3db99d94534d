/**
 * The map at a period, and the target in force: pure functions over a loaded catalogue (see
 * `catalog-service.ts`, which loads it and re-exports these for its callers).
 */
import type { Period } from '@tiendo/shared';
import type { Catalog, KpiDef, LineageLink, TargetDef, UnitNode, UnitVersionDef } from './catalog-service.ts';

export function isValidAt(unit: Pick<UnitNode, 'validFrom' | 'validTo'>, period: Period): boolean {
  return (unit.validFrom === null || unit.validFrom <= period) && (unit.validTo === null || unit.validTo >= period);
}

export function isActiveKpi(kpi: KpiDef, period: Period): boolean {
  return kpi.retiredFrom === null || kpi.retiredFrom > period;
}

/**
 * The row that decides one unit's or tier's target in a period (it may be a removal): a
 * correction of that period (the newest), else the row with the latest start on or before it,
 * ties to the newest row. `corrections: false` asks for the standing target alone.
 */
export function scopeRowAt(
  rows: readonly TargetDef[],
  inScope: (t: TargetDef) => boolean,
  period: Period,
  corrections = true,
): TargetDef | null {
  let fix: TargetDef | null = null;
  let standing: TargetDef | null = null;
  for (const t of rows) {
    if (!inScope(t)) continue;
    if (t.correction) {
      if (corrections && t.validFrom === period && (!fix || t.id > fix.id)) fix = t;
      continue;
    }
    const from = t.validFrom ?? '';
    if (from > period || (t.validTo !== null && t.validTo < period)) continue;
    const best = standing?.validFrom ?? '';
    if (!standing || from > best || (from === best && t.id > standing.id)) standing = t;
  }
  return fix ?? standing;
}

// ---- The map at a period ----

export function versionAt(unit: UnitNode, period: Period): UnitVersionDef | null {
  for (const v of unit.versions) {
    if ((v.from === null || v.from <= period) && (v.to === null || v.to >= period)) return v;
  }
  return null;
}

export function parentAt(cat: Catalog, unit: UnitNode, period: Period): UnitNode | null {
  const id = versionAt(unit, period)?.parentId ?? null;
  return id === null ? null : (cat.units.get(id) ?? null);
}

/** Ancestors at a period, from the parent up to the root. */
export function ancestorsAt(cat: Catalog, unit: UnitNode, period: Period): UnitNode[] {
  const out: UnitNode[] = [];
  let p = parentAt(cat, unit, period);
  while (p) {
    out.push(p);
    p = parentAt(cat, p, period);
  }
  return out;
}

/** Whether `ancestor` is `unit` or above it at a period. */
export function isWithinAt(cat: Catalog, ancestor: UnitNode, unit: UnitNode, period: Period): boolean {
  let p: UnitNode | null = unit;
  while (p) {
    if (p.id === ancestor.id) return true;
    p = parentAt(cat, p, period);
  }
  return false;
}

/** The children of a unit at a period, in their order. */
export function childrenAt(cat: Catalog, unit: UnitNode, period: Period): UnitNode[] {
  const out: { u: UnitNode; v: UnitVersionDef }[] = [];
  for (const id of unit.children) {
    const c = cat.units.get(id);
    const v = c ? versionAt(c, period) : null;
    if (c && v && v.parentId === unit.id) out.push({ u: c, v });
  }
  out.sort((a, b) => a.v.sortOrder - b.v.sortOrder || a.v.code.localeCompare(b.v.code));
  return out.map((x) => x.u);
}

/** Every unit below `unit` at a period (not the unit itself). */
export function descendantsAt(cat: Catalog, unit: UnitNode, period: Period): UnitNode[] {
  const out: UnitNode[] = [];
  const walk = (u: UnitNode) => {
    for (const c of childrenAt(cat, u, period)) {
      out.push(c);
      walk(c);
    }
  };
  walk(unit);
  return out;
}

export function unitByCodeAt(cat: Catalog, code: string, period: Period): UnitNode | null {
  for (const u of cat.unitsByCode.get(code) ?? []) {
    if (versionAt(u, period)?.code === code) return u;
  }
  return null;
}

export interface UnitFollower {
  code: string;
  name: string;
  validFrom: string | null;
  validTo: string | null;
  share: number;
}

/** Where to go from a code that names nothing in a period: the units before or after it. */
export function followers(
  cat: Catalog,
  named: UnitNode[],
  period: Period,
): { successors: UnitFollower[] } | { predecessors: UnitFollower[] } {
  const ref = (link: LineageLink): UnitFollower | null => {
    const u = cat.units.get(link.unitId);
    if (!u) return null;
    const v = versionAt(u, period) ?? u.versions.at(-1) ?? null;
    return { code: v?.code ?? u.code, name: v?.name ?? u.name, validFrom: u.validFrom, validTo: u.validTo, share: link.share };
  };
  const ended = named.filter((u) => u.validTo !== null && u.validTo < period);
  if (ended.length > 0) {
    const last = ended.at(-1) as UnitNode;
    return { successors: last.successors.map(ref).filter((x): x is UnitFollower => x !== null) };
  }
  const first = named[0] as UnitNode;
  return { predecessors: first.predecessors.map(ref).filter((x): x is UnitFollower => x !== null) };
}

/** The unit as it was at a period (its latest version when it did not exist then). */
export function unitAtView(unit: UnitNode, period: Period): { code: string; name: string; type: string; level: number } {
  const v = versionAt(unit, period) ?? unit.versions.at(-1);
  return { code: v?.code ?? unit.code, name: v?.name ?? unit.name, type: v?.type ?? unit.type, level: unit.level };
}

const estimatedCache = new WeakMap<Catalog, Map<string, boolean>>();

/**
 * Whether a unit's rebuilt past for a KPI rests on a predecessor's own figure shared out (a split):
 * an estimate. The sum of task teams that kept existing, or a whole predecessor taken over, is exact.
 */
export function isEstimatedHistory(cat: Catalog, unit: UnitNode, kpi: Pick<KpiDef, 'id' | 'reportLevels'>): boolean {
  if (unit.validFrom === null) return false;
  let memo = estimatedCache.get(cat);
  if (!memo) {
    memo = new Map();
    estimatedCache.set(cat, memo);
  }
  const key = `${unit.id}:${kpi.id}`;
  const hit = memo.get(key);
  if (hit !== undefined) return hit;
  memo.set(key, false);
  let estimated = false;
  if (kpi.reportLevels.includes(unit.level)) {
    for (const l of unit.predecessors) {
      const p = cat.units.get(l.unitId);
      if (l.share < 1 || (p && isEstimatedHistory(cat, p, kpi))) estimated = true;
    }
  } else {
    const birth = unit.validFrom;
    for (const id of unit.children) {
      const c = cat.units.get(id);
      if (c && versionAt(c, birth)?.parentId === unit.id && isEstimatedHistory(cat, c, kpi)) estimated = true;
    }
  }
  memo.set(key, estimated);
  return estimated;
}
