import type { Kpi, PeriodInfo, UnitReply } from '@tiendo/shared';

/** Where the dashboard stands: resolved from the URL, the session and the catalogue. */
export interface DashboardView {
  unitCode: string;
  unit: UnitReply | undefined;
  period: string;
  /** KPI of the trend chart and the ranking. */
  kpi: Kpi | null;
  kpis: Kpi[];
  periods: PeriodInfo[];
  /** First period with data: where trend series start. */
  firstPeriod: string;
}

export const kpiName = (k: Pick<Kpi, 'name' | 'nameEn'>, lang: string) => (lang === 'en' ? k.nameEn : k.name);
export const kpiUnit = (k: Pick<Kpi, 'unit' | 'unitEn'>, lang: string) => (lang === 'en' ? k.unitEn : k.unit);
