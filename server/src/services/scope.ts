/**
 * Who may see which unit, in which period. A user sees their home unit and everything below it on
 * the map of the period asked; a unit created by a reorganisation also keeps its predecessors'
 * archives (Phường Hồng Hà reads Phúc Xá's past). Admins see everything.
 */
import type { Role } from '@tiendo/shared';
import { type Catalog, isWithinAt, type UnitNode } from './catalog-service.ts';

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
