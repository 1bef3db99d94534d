/**
 * Pure functions over one KPI's target rows: the units and tiers they are for, which rows a
 * viewer may see, and the history with the periods each row decided.
 */
import { addMonths, type TargetHistoryEntry } from '@tiendo/shared';
import type { Principal } from './auth-service.ts';
import { type Catalog, type TargetDef, type UnitNode, unitAtView } from './catalog-service.ts';
import { isInScopeAt } from './scope.ts';

export interface Scope {
  unitId: number | null;
  level: number | null;
}

export interface Write extends Scope {
  value: number;
  deadline: string;
  from: string;
  removed: boolean;
  /** What held for the unit or tier at `from` before the write. */
  was: TargetDef | null;
}

export const scopeKey = (s: Scope) => (s.unitId === null ? `l${s.level}` : `u${s.unitId}`);
export const sameScope = (t: Scope, s: Scope) => (s.unitId === null ? t.unitId === null && t.level === s.level : t.unitId === s.unitId);

/** The units and tiers that have target rows: tiers first, then units by tier and code. */
export function scopesOf(rows: readonly TargetDef[], cat: Catalog): (Scope & { has: (t: TargetDef) => boolean })[] {
  const out = new Map<string, Scope>();
  for (const t of rows) out.set(scopeKey(t), { unitId: t.unitId, level: t.unitId === null ? t.level : null });
  const rank = (s: Scope) => {
    const u = s.unitId === null ? null : cat.units.get(s.unitId);
    return [u ? 1 : 0, u ? u.level : (s.level ?? 0), u?.code ?? ''] as const;
  };
  return [...out.values()]
    .sort((a, b) => {
      const [x, y] = [rank(a), rank(b)];
      return x[0] - y[0] || x[1] - y[1] || x[2].localeCompare(y[2]);
    })
    .map((s) => ({ ...s, has: (t: TargetDef) => sameScope(t, s) }));
}

/** A period inside the unit's life: the nearest one to `period`. */
function withinLife(u: UnitNode, period: string): string {
  if (u.validFrom !== null && period < u.validFrom) return u.validFrom;
  if (u.validTo !== null && period > u.validTo) return u.validTo;
  return period;
}

/**
 * The rows a viewer may see: every tier's, and a unit's (all of them, so its history reads whole)
 * when the unit is in the viewer's scope in the period of one of its rows or in the open period.
 */
export function visibleTargets(rows: readonly TargetDef[], cat: Catalog, viewer: Principal, open: string): TargetDef[] {
  const seen = new Map<number, boolean>();
  const sees = (unitId: number) => {
    let ok = seen.get(unitId);
    if (ok === undefined) {
      const u = cat.units.get(unitId);
      const periods = [open, ...rows.filter((t) => t.unitId === unitId).map((t) => t.validFrom ?? u?.validFrom ?? open)];
      ok = u !== undefined && periods.some((p) => isInScopeAt(cat, viewer, u, withinLife(u, p)));
      seen.set(unitId, ok);
    }
    return ok;
  };
  return rows.filter((t) => t.unitId === null || sees(t.unitId));
}

export function unitRefOf(u: UnitNode, period: string) {
  const v = unitAtView(u, period);
  return { code: v.code, name: v.name, level: v.level, type: v.type };
}

export function unitCodeAt(cat: Catalog, unitId: number, period: string): string | null {
  const u = cat.units.get(unitId);
  return u ? unitAtView(u, period).code : null;
}

/**
 * Every row with the periods it decided: a standing row until the next one of its unit or tier
 * starts (or the unit ends), a correction for its one period.
 */
export function historyOf(rows: readonly TargetDef[], cat: Catalog): TargetHistoryEntry[] {
  const out: TargetHistoryEntry[] = [];
  for (const scope of scopesOf(rows, cat)) {
    const unit = scope.unitId === null ? null : (cat.units.get(scope.unitId) ?? null);
    const mine = rows.filter(scope.has);
    const standing = mine.filter((t) => !t.correction).sort((a, b) => (a.validFrom ?? '').localeCompare(b.validFrom ?? '') || a.id - b.id);
    const entries = mine.map((t) => {
      let to: string | null = t.validTo;
      let superseded = false;
      if (t.correction) {
        superseded = mine.some((o) => o.correction && o.validFrom === t.validFrom && o.id > t.id);
      } else {
        const next = standing[standing.indexOf(t) + 1];
        if (next && (next.validFrom ?? '') === (t.validFrom ?? '')) superseded = true;
        else if (next) to = addMonths(next.validFrom as string, -1);
        if (!superseded && unit?.validTo && (to === null || to > unit.validTo)) to = unit.validTo;
        if (superseded) to = null;
      }
      return { t, to, superseded };
    });
    entries.sort((a, b) => (a.t.validFrom ?? '').localeCompare(b.t.validFrom ?? '') || a.t.id - b.t.id);
    for (const { t, to, superseded } of entries) {
      out.push({
        id: t.id,
        unit: unit && unitRefOf(unit, t.validFrom ?? unit.validFrom ?? unit.versions[0]?.from ?? '0000-01'),
        level: t.level,
        value: t.value,
        deadline: t.deadline,
        from: t.validFrom,
        to,
        removed: t.removed,
        correction: t.correction,
        superseded,
        reason: t.reason,
        createdBy: t.createdBy,
        createdAt: t.createdAt,
      });
    }
  }
  return out;
}
