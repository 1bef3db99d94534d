/**
 * Who may see which unit, in which period. A user sees their home unit and everything below it on
 * the map of the period asked; a unit created by a reorganisation also keeps its predecessors'
 * archives (Phường Hồng Hà reads Phúc Xá's past). Admins see everything.
 */
import type { Role } from '@tiendo/shared';
import { NotFoundError } from '../errors.ts';
import { type Catalog, isWithinAt, parentAt, type UnitNode } from './catalog-service.ts';

export interface ScopeHolder {
  role: Role;
  unit: UnitNode;
}

/** The home unit and, through the lineage, every unit it was made from. */
export function homeUnits(cat: Catalog, home: UnitNode): UnitNode[] {
  const out = new Map<number, UnitNode>([[home.id, home]]);
  const queue = [home];
  while (queue.length > 0) {
    const u = queue.pop() as UnitNode;
    for (const l of u.predecessors) {
      const p = cat.units.get(l.unitId);
      if (p && !out.has(p.id)) {
        out.set(p.id, p);
        queue.push(p);
      }
    }
  }
  return [...out.values()];
}

export function isInScopeAt(cat: Catalog, p: ScopeHolder, unit: UnitNode, period: string): boolean {
  if (p.role === 'admin') return true;
  const home = cat.units.get(p.unit.id) ?? p.unit;
  return homeUnits(cat, home).some((h) => isWithinAt(cat, h, unit, period));
}

/** Scope for today's lists (accounts, audit): the home unit's subtree on its latest map. */
export function isInScopeToday(p: Pick<ScopeHolder, 'role' | 'unit'>, unit: Pick<UnitNode, 'path'>): boolean {
  return p.role === 'admin' || unit.path.startsWith(p.unit.path);
}

/**
 * Whether the caller can know that `unit` exists, whatever it may read of it: at some time in the
 * unit's life it was in the caller's scope, above the caller's unit (the breadcrumb names it), or
 * a peer, directly below a unit above the caller's (the meeting of the level above names and ranks
 * every unit below it, and the caller's unit sits in that meeting); or it was made from, or went
 * into, such a unit (a reorganisation names both sides). Of any other unit the caller learns
 * nothing, not even that the code is taken: it is answered as an unknown code is.
 */
export function couldKnowUnit(cat: Catalog, p: ScopeHolder, unit: UnitNode): boolean {
  if (p.role === 'admin') return true;
  const homes = homeUnits(cat, cat.units.get(p.unit.id) ?? p.unit);
  const near = (u: UnitNode) => {
    // The map only changes at its boundaries: looking at each one in the unit's life sees every map.
    const times = new Set(u.versions.map((v) => v.from ?? '0000-01'));
    for (const b of cat.boundaries) if ((u.validFrom === null || b >= u.validFrom) && (u.validTo === null || b <= u.validTo)) times.add(b);
    for (const t of times) {
      const parent = parentAt(cat, u, t);
      for (const h of homes) {
        if (isWithinAt(cat, h, u, t) || isWithinAt(cat, u, h, t) || (parent && isWithinAt(cat, parent, h, t))) return true;
      }
    }
    return false;
  };
  if (near(unit)) return true;
  return [...unit.predecessors, ...unit.successors].some((l) => {
    const other = cat.units.get(l.unitId);
    return other !== undefined && near(other);
  });
}

/** The reply to a code that names no unit: the catalogue's own words, so nothing tells them apart. */
export function unknownUnit(code: string): NotFoundError {
  return new NotFoundError(`Không tìm thấy đơn vị "${code}" / Unit "${code}" not found`);
}
