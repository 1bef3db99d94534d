/**
 * The dashboard's place lives in the URL (`?unit=001&period=2022-09&map=today&kpi=…`) so a link
 * can be sent and the back button walks back through drill-downs. Pure parse/format here; the
 * hook in `use-url-state.ts` binds it to history.
 */
import type { MapView } from '@tiendo/shared';
import { isPeriod } from '@tiendo/shared/period';

export interface UrlState {
  unit: string | null;
  period: string | null;
  /**
   * The map the period is read on. A code can name different units on the two maps (`00097` is
   * Phường Tứ Liên in 2025-06 as reported, Phường Hồng Hà on today's map), so a link that means
   * one of them says which.
   */
  map: MapView | null;
  /** KPI of the ranking and the trend chart. */
  kpi: string | null;
  /** Meeting mode slide (0-based) when the deck is open. */
  slide: number | null;
}

const UNIT_RE = /^[0-9A-Za-z-]{1,32}$/;
const KPI_RE = /^[a-z0-9_]{1,64}$/;

export function parseUrlState(search: string): UrlState {
  const q = new URLSearchParams(search);
  const unit = q.get('unit');
  const period = q.get('period');
  const kpi = q.get('kpi');
  const map = q.get('map');
  const slideRaw = q.get('slide');
  const slide = slideRaw !== null && /^\d{1,3}$/.test(slideRaw) ? Number(slideRaw) : null;
  return {
    unit: unit && UNIT_RE.test(unit) ? unit : null,
    period: isPeriod(period) ? period : null,
    map: map === 'period' || map === 'today' ? map : null,
    kpi: kpi && KPI_RE.test(kpi) ? kpi : null,
    slide,
  };
}

export function formatUrlState(state: UrlState): string {
  const q = new URLSearchParams();
  if (state.unit) q.set('unit', state.unit);
  if (state.period) q.set('period', state.period);
  if (state.map) q.set('map', state.map);
  if (state.kpi) q.set('kpi', state.kpi);
  if (state.slide !== null) q.set('slide', String(state.slide));
  const s = q.toString();
  return s ? `?${s}` : '';
}

export function mergeUrlState(current: UrlState, patch: Partial<UrlState>): UrlState {
  return { ...current, ...patch };
}

/**
 * A link to a unit takes the period and the map on screen with it, so it names the same unit
 * whoever opens it and whenever (a code means different units before and after a reorganisation).
 */
export function unitLinkPatch(code: string, place: Pick<UrlState, 'period' | 'map'>): Partial<UrlState> {
  const patch: Partial<UrlState> = { unit: code, slide: null };
  if (place.period) patch.period = place.period;
  if (place.map) patch.map = place.map;
  return patch;
}
