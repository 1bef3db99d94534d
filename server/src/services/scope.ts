/**
 * The shared permissions (@tiendo/shared/permissions) read on the server's catalogue: each helper
 * here looks the caller's and the target's units up on the map of the period asked and asks the
 * pure rule. A user sees their home unit and everything below it on that map; a unit created by a
 * reorganisation also keeps its predecessors' archives (Phường Hồng Hà reads Phúc Xá's past).
 */

import type { Role } from '@tiendo/shared';
import {
  type Action,
  type Actor,
  inScope,
  inSubtreeToday,
  knowsOn,
  mayAt as mayAtPlace,
  type Place,
  type ProgrammeSeat,
  type ReportRights,
  type ReportSituation,
  reportRights,
} from '@tiendo/shared/permissions';
import { NotFoundError } from '../errors.ts';
import { ancestorsAt, type Catalog, isValidAt, type UnitNode } from './catalog-service.ts';

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

/** A unit on the map of `period`: itself and its ancestors then. */
export function placeAt(cat: Catalog, unit: UnitNode, period: string): Place {
  return { id: unit.id, ancestors: ancestorsAt(cat, unit, period).map((u) => u.id) };
}

/** The caller on the map of `period`: home unit, the units it was made from, whether it exists then. */
export function actorAt(cat: Catalog, p: ScopeHolder, period: string): Actor {
  const home = cat.units.get(p.unit.id) ?? p.unit;
  return { role: p.role, home: home.id, homes: homeUnits(cat, home).map((u) => u.id), alive: isValidAt(home, period) };
}

export function isInScopeAt(cat: Catalog, p: ScopeHolder, unit: UnitNode, period: string): boolean {
  // An admin needs no look-up: this runs on every request that names a unit.
  if (p.role === 'admin') return true;
  return inScope(actorAt(cat, p, period), placeAt(cat, unit, period));
}

/** Whether the caller may do `action` for `unit` on the map of `period` (role and scope). */
export function mayAt(cat: Catalog, p: ScopeHolder, action: Action, unit: UnitNode, period: string): boolean {
  return mayAtPlace(p.role === 'admin' ? { role: p.role, homes: [] } : actorAt(cat, p, period), action, placeAt(cat, unit, period));
}

/** What the caller may do with `unit`'s report of `period` (see reportRights). */
export function reportRightsAt(cat: Catalog, p: ScopeHolder, unit: UnitNode, period: string, s: ReportSituation): ReportRights {
  return reportRights(actorAt(cat, p, period), placeAt(cat, unit, period), s);
}

/** A unit where it sits today, read from its latest path (`/1/23/456/`: root first, itself last). */
function placeToday(unit: Pick<UnitNode, 'id' | 'path'>): Place {
  const ids = unit.path.split('/').filter(Boolean).map(Number);
  return { id: unit.id, ancestors: ids.filter((id) => id !== unit.id).reverse() };
}

/** Scope for today's lists (accounts, audit): the home unit's subtree on its latest map, without the lineage. */
export function isInScopeToday(p: ScopeHolder, unit: Pick<UnitNode, 'id' | 'path'>): boolean {
  return inSubtreeToday({ role: p.role, home: p.unit.id }, placeToday(unit));
}

/** The top of the programme: a unit with nothing above it today that has not ended. */
export function atTop(unit: Pick<UnitNode, 'parentId' | 'validTo'>): boolean {
  return unit.parentId === null && unit.validTo === null;
}

/** The caller's seat for the programme-wide rules (see administersProgramme). */
export function programmeSeat(p: ScopeHolder): ProgrammeSeat {
  return { role: p.role, atTop: atTop(p.unit) };
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
      if (
        knowsOn(
          homes.map((h) => placeAt(cat, h, t)),
          placeAt(cat, u, t),
        )
      )
        return true;
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
  return new NotFoundError(`Không tìm thấy đơn vị "${code}" / Unit "${code}" not found`, 'unit_not_found', { unit: code });
}
