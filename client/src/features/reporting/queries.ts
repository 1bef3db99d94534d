import { queryOptions } from '@tanstack/react-query';
import type { LateReply, ReportReply } from '@tiendo/shared';
import { apiUrl, getJson } from '../../api/http.ts';
import { reportKeys } from '../../api/keys.ts';

export const reportPath = (unit: string, period: string, action = '') =>
  `/units/${encodeURIComponent(unit)}/reports/${encodeURIComponent(period)}${action ? `/${action}` : ''}`;

export const reportQuery = (unit: string, period: string) =>
  queryOptions({
    queryKey: reportKeys.report(unit, period),
    queryFn: ({ signal }) => getJson<ReportReply>(apiUrl(reportPath(unit, period)), signal),
    // the workflow moves under other people's hands: refetch whenever the screen comes back
    staleTime: 15_000,
  });

export const lateQuery = (unit: string, period: string) =>
  queryOptions({
    queryKey: reportKeys.late(unit, period),
    queryFn: ({ signal }) => getJson<LateReply>(apiUrl(`/units/${encodeURIComponent(unit)}/late`, { period }), signal),
    staleTime: 30_000,
  });

export const templateUrl = (unit: string, period: string, format: 'xlsx' | 'csv') =>
  apiUrl(reportPath(unit, period, 'template'), { format });
