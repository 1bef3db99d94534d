import { queryOptions } from '@tanstack/react-query';
import type { Kpi, PeriodInfo } from '@tiendo/shared';
import { getJson } from '../../api/http.ts';

export const catalogKeys = {
  periods: ['periods'] as const,
  kpis: ['kpis'] as const,
};

export const periodsQuery = () =>
  queryOptions({
    queryKey: catalogKeys.periods,
    queryFn: ({ signal }) => getJson<PeriodInfo[]>('/api/periods', signal),
    staleTime: 10 * 60_000,
  });

export const kpisQuery = () =>
  queryOptions({
    queryKey: catalogKeys.kpis,
    queryFn: ({ signal }) => getJson<Kpi[]>('/api/kpis', signal),
    staleTime: 30 * 60_000,
  });

/** What the dashboard opens on: the latest period whose cut-off has passed. */
export function defaultPeriod(periods: readonly PeriodInfo[]): string | null {
  let best: string | null = null;
  for (const p of periods) if (p.cutoffPassed && (best === null || p.period > best)) best = p.period;
  return best ?? periods.at(-1)?.period ?? null;
}

/** Periods a leader can look at: everything but the months that have not started. */
export function viewablePeriods(periods: readonly PeriodInfo[]): PeriodInfo[] {
  return periods.filter((p) => p.state !== 'upcoming');
}
