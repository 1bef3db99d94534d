/**
 * A view of the figures reads units on one map: the period's own (`period`) or today's (`today`:
 * the units of today, their past rebuilt). These two say which map, and how a unit is named on it.
 */
import type { MapView, UnitRef } from '@tiendo/shared';
import { type UnitNode, unitAtView } from './catalog-service.ts';

/** A unit as it was in a period (its code and name then). */
export function unitRef(u: UnitNode, period?: string): UnitRef {
  return period === undefined ? { code: u.code, name: u.name, level: u.level, type: u.type } : unitAtView(u, period);
}

/** The period whose map answers "which unit, which parent, which children" for a view. */
export function mapPeriodOf(period: string, map: MapView, current: string): string {
  return map === 'today' && period < current ? current : period;
}
