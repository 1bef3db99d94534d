import { queryOptions } from '@tanstack/react-query';
import type { BreakdownReply, CompletenessReply, FiguresReply, SeriesReply, UnitReply } from '@tiendo/shared';
import { apiUrl, getJson } from '../../api/http.ts';
import { basisParams } from './basis.ts';

export const unitKeys = {
  all: ['unit'] as const,
  unit: (code: string) => ['unit', code] as const,
  figures: (code: string, period: string) => ['unit', code, 'figures', period] as const,
  series: (code: string, kpi: string, from: string, to: string) => ['unit', code, 'series', kpi, from, to] as const,
  breakdown: (code: string, kpi: string, period: string) => ['unit', code, 'breakdown', kpi, period] as const,
  completeness: (code: string, period: string, limit: number) => ['unit', code, 'completeness', period, limit] as const,
};

const u = (code: string) => `/units/${encodeURIComponent(code)}`;

export const unitQuery = (code: string) =>
  queryOptions({
    queryKey: unitKeys.unit(code),
    queryFn: ({ signal }) => getJson<UnitReply>(apiUrl(u(code)), signal),
    staleTime: 10 * 60_000,
  });

export const figuresQuery = (code: string, period: string) =>
  queryOptions({
    queryKey: unitKeys.figures(code, period),
    queryFn: ({ signal }) => getJson<FiguresReply>(apiUrl(`${u(code)}/figures`, { period, ...basisParams() }), signal),
  });

export const seriesQuery = (code: string, kpi: string, from: string, to: string) =>
  queryOptions({
    queryKey: unitKeys.series(code, kpi, from, to),
    queryFn: ({ signal }) => getJson<SeriesReply>(apiUrl(`${u(code)}/series`, { kpi, from, to, ...basisParams() }), signal),
  });

export const breakdownQuery = (code: string, kpi: string, period: string) =>
  queryOptions({
    queryKey: unitKeys.breakdown(code, kpi, period),
    queryFn: ({ signal }) => getJson<BreakdownReply>(apiUrl(`${u(code)}/breakdown`, { kpi, period, ...basisParams() }), signal),
  });

export const completenessQuery = (code: string, period: string, limit = 50) =>
  queryOptions({
    queryKey: unitKeys.completeness(code, period, limit),
    queryFn: ({ signal }) => getJson<CompletenessReply>(apiUrl(`${u(code)}/completeness`, { period, limit }), signal),
  });
