import { keepPreviousData, queryOptions } from '@tanstack/react-query';
import type { KpiDetail, ReportingSettingsReply, TargetsReply, UnitsReply, UserState, UsersReply } from '@tiendo/shared';
import { apiUrl, getJson } from '../../api/http.ts';
import { adminKeys } from '../../api/keys.ts';

export interface UserFilters {
  q: string;
  role: string;
  state: UserState | '';
  unit: string;
  page: number;
}

export interface UnitFilters {
  q: string;
  parent?: string;
  level?: number;
  pageSize?: number;
  /** Include units that have ended (merged or abolished); today's units only by default. */
  all?: boolean;
}

export const PAGE_SIZE = 25;

export const usersQuery = (f: UserFilters) =>
  queryOptions({
    queryKey: adminKeys.usersPage(f),
    queryFn: ({ signal }) =>
      getJson<UsersReply>(
        apiUrl('/users', {
          q: f.q || undefined,
          role: f.role || undefined,
          state: f.state || undefined,
          unit: f.unit || undefined,
          page: f.page,
          pageSize: PAGE_SIZE,
        }),
        signal,
      ),
    placeholderData: keepPreviousData,
  });

export const unitsSearchQuery = (f: UnitFilters) =>
  queryOptions({
    queryKey: adminKeys.units(f),
    queryFn: ({ signal }) =>
      getJson<UnitsReply>(
        apiUrl('/units', {
          q: f.q || undefined,
          parent: f.parent,
          level: f.level,
          pageSize: f.pageSize ?? 10,
          all: f.all ? 'true' : undefined,
        }),
        signal,
      ),
    staleTime: 10 * 60_000,
    placeholderData: keepPreviousData,
  });

export const kpiDetailQuery = (code: string) =>
  queryOptions({
    queryKey: adminKeys.kpi(code),
    queryFn: ({ signal }) => getJson<KpiDetail>(apiUrl(`/kpis/${encodeURIComponent(code)}`), signal),
  });

export const targetsQuery = (code: string) =>
  queryOptions({
    queryKey: adminKeys.targets(code),
    queryFn: ({ signal }) => getJson<TargetsReply>(apiUrl(`/kpis/${encodeURIComponent(code)}/targets`), signal),
  });

export const reportingSettingsQuery = () =>
  queryOptions({
    queryKey: adminKeys.reporting,
    queryFn: ({ signal }) => getJson<ReportingSettingsReply>('/api/settings/reporting', signal),
  });
