import type { Basis, Kpi, MapView, PeriodInfo, UnitReply } from '@tiendo/shared';
import type { Session } from '../auth/queries.ts';

/** Where the dashboard stands: resolved from the URL, the session and the catalogue. */
export interface DashboardView {
  unitCode: string;
  unit: UnitReply | undefined;
  /** The unit's name, known before its reply for the account's own unit (from the session). */
  unitName?: string;
  period: string;
  /** The map the period is read on; the same as `period` for the current period and after. */
  map: MapView;
  /** Figures as submitted or approved only. */
  basis: Basis;
  /** KPI of the trend chart and the ranking. */
  kpi: Kpi | null;
  kpis: Kpi[];
  periods: PeriodInfo[];
  /** First period with data: where trend series start. */
  firstPeriod: string;
  /** The month that is running: its map is today's map. */
  currentPeriod: string;
  /** The last period of the account's unit when it has ended (nothing later can be read). */
  lastPeriod: string | null;
  /** The unit on screen reads differently on the period's map and on today's: the map switch shows. */
  mapDiffers: boolean;
}

export const kpiName = (k: Pick<Kpi, 'name' | 'nameEn'>, lang: string) => (lang === 'en' ? k.nameEn : k.name);
export const kpiUnit = (k: Pick<Kpi, 'unit' | 'unitEn'>, lang: string) => (lang === 'en' ? k.unitEn : k.unit);

/**
 * The last period of the signed-in account's unit when it has ended (Phường Phúc Xá: 2025-06),
 * else null: such an account reads its unit's history up to then and nothing after.
 */
export function homeLastPeriod(session: Session): string | null {
  return session.state === 'signed-in' ? (session.me.user.unit.validTo ?? null) : null;
}
