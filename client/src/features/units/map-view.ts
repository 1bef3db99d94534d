/**
 * Which map a past period is read on: as reported (`period`, the default: Hà Nội in 2025-06 is
 * 30 districts) or today's (`today`: the 126 communes, their history rebuilt from the units they
 * were made from). Remembered in the browser like the basis; the URL says it whenever it matters,
 * so a shared link names the same units for whoever opens it.
 */
import type { MapView, UnitReply } from '@tiendo/shared';
import { HttpError } from '../../api/http.ts';

const KEY = 'tiendo.map';
const listeners = new Set<() => void>();

export function storedMap(): MapView {
  try {
    return globalThis.localStorage?.getItem(KEY) === 'today' ? 'today' : 'period';
  } catch {
    return 'period';
  }
}

let current: MapView = storedMap();

export function getMap(): MapView {
  return current;
}

export function setMap(next: MapView): void {
  current = next;
  try {
    globalThis.localStorage?.setItem(KEY, next);
  } catch {
    // Private mode: the choice lasts for the page.
  }
  for (const l of listeners) l();
}

export function subscribeMap(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** Query parameters for the endpoints that take a map: nothing for the default, so URLs stay short. */
export function mapParams(map: MapView): { map?: MapView } {
  return map === 'today' ? { map: 'today' } : {};
}

/**
 * The map the dashboard reads: the URL's when it says one; else the remembered choice — except for
 * an account whose unit has ended, whose unit is on no map but the one of its own time.
 */
export function effectiveMap(fromUrl: MapView | null, remembered: MapView, homeEnded: boolean): MapView {
  if (fromUrl) return fromUrl;
  return homeEnded ? 'period' : remembered;
}

/** True when the error says the code names no unit on that map in that period (it does at other times). */
export function isNotInPeriod(error: unknown): error is HttpError {
  return error instanceof HttpError && error.status === 404 && error.code === 'unit_not_in_period';
}

export interface MapSide {
  data: UnitReply | undefined;
  error: unknown;
}

const codes = (units: readonly { code: string }[]) => units.map((u) => u.code).join(',');

/**
 * Whether the map switch means anything for the unit on screen: the period is before the current
 * one and the unit reads differently on the two maps — another unit under the code, other units
 * below it or above it, or no unit at all on one of them. Costs one cached unit reply (the other
 * map's), and is exact for whichever unit is shown: a team whose commune was merged differs (its
 * breadcrumb), the city in 2025-07 or later does not. Undecided (still loading, or a 403) counts as
 * no difference, so the switch never flickers in for nothing.
 */
export function mapsDiffer(period: string, currentPeriod: string, shown: MapSide, other: MapSide): boolean {
  if (!(period < currentPeriod)) return false;
  const shownMissing = isNotInPeriod(shown.error) && !shown.data;
  const otherMissing = isNotInPeriod(other.error) && !other.data;
  if (shownMissing) return !!other.data;
  if (otherMissing) return !!shown.data;
  const a = shown.data;
  const b = other.data;
  if (!a || !b) return false;
  return (
    a.name !== b.name ||
    a.validFrom !== b.validFrom ||
    a.validTo !== b.validTo ||
    codes(a.children) !== codes(b.children) ||
    codes(a.ancestors) !== codes(b.ancestors)
  );
}

/** The other map. */
export const otherMap = (map: MapView): MapView => (map === 'today' ? 'period' : 'today');
