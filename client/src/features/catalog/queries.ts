import { queryOptions } from '@tanstack/react-query';
import type { Kpi, PeriodInfo } from '@tiendo/shared';
import { getJson } from '../../api/http.ts';
import { catalogKeys } from '../../api/keys.ts';

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

/**
 * What the dashboard opens on: the latest period whose cut-off has passed — or, for an account
 * whose unit has ended (`until`, its last period), that last period when it comes first: Phường
 * Phúc Xá's account opens on 2025-06, the last month its unit existed.
 */
export function defaultPeriod(periods: readonly PeriodInfo[], until: string | null = null): string | null {
  let best: string | null = null;
  for (const p of periods) if (p.cutoffPassed && (best === null || p.period > best)) best = p.period;
  const d = best ?? periods.at(-1)?.period ?? null;
  return until !== null && d !== null && until < d ? until : d;
}

/**
 * Periods a leader can look at: everything but the months that have not started, and for an
 * account whose unit has ended nothing after its last period (`until`).
 */
export function viewablePeriods(periods: readonly PeriodInfo[], until: string | null = null): PeriodInfo[] {
  return periods.filter((p) => p.state !== 'upcoming' && (until === null || p.period <= until));
}

/**
 * The period whose month is running (the server's current period): the first whose cut-off has
 * not passed. Its map is "today's map".
 */
export function currentPeriod(periods: readonly PeriodInfo[]): string | null {
  return periods.find((p) => !p.cutoffPassed)?.period ?? periods.at(-1)?.period ?? null;
}
