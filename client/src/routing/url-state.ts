/**
 * The dashboard's place lives in the URL (`?unit=001&period=2022-09&kpi=…`) so a link can be
 * sent and the back button walks back through drill-downs. Pure parse/format here; the hook
 * in `use-url-state.ts` binds it to history.
 */
import { isPeriodString } from '../lib/period.ts';

export interface UrlState {
  unit: string | null;
  period: string | null;
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
  const slideRaw = q.get('slide');
  const slide = slideRaw !== null && /^\d{1,3}$/.test(slideRaw) ? Number(slideRaw) : null;
  return {
    unit: unit && UNIT_RE.test(unit) ? unit : null,
    period: isPeriodString(period) ? period : null,
    kpi: kpi && KPI_RE.test(kpi) ? kpi : null,
    slide,
  };
}

export function formatUrlState(state: UrlState): string {
  const q = new URLSearchParams();
  if (state.unit) q.set('unit', state.unit);
  if (state.period) q.set('period', state.period);
  if (state.kpi) q.set('kpi', state.kpi);
  if (state.slide !== null) q.set('slide', String(state.slide));
  const s = q.toString();
  return s ? `?${s}` : '';
}

export function mergeUrlState(current: UrlState, patch: Partial<UrlState>): UrlState {
  return { ...current, ...patch };
}
