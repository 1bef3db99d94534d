import { queryOptions } from '@tanstack/react-query';
import type { Basis, BreakdownReply, CompletenessReply, FiguresReply, LineageReply, MapView, SeriesReply, UnitReply } from '@tiendo/shared';
import { apiUrl, getJson } from '../../api/http.ts';
import { mapParams } from './map-view.ts';

/**
 * How a unit's figures are read: the period, the map it is read on and the basis. Every one of
 * them changes the answer, so every one is in the query key: two readings never share a cache
 * entry (the dashboard's view is one).
 */
export interface Reading {
  period: string;
  map: MapView;
  basis: Basis;
}

export const unitKeys = {
  all: ['unit'] as const,
  unit: (code: string) => ['unit', code] as const,
  info: (code: string, period: string | null, map: MapView) => ['unit', code, 'info', period, map] as const,
  lineage: (code: string, period: string | null) => ['unit', code, 'lineage', period] as const,
  figures: (code: string, r: Reading) => ['unit', code, 'figures', r.period, r.map, r.basis] as const,
  series: (code: string, kpi: string, from: string, r: Reading) => ['unit', code, 'series', kpi, from, r.period, r.map, r.basis] as const,
  breakdown: (code: string, kpi: string, r: Reading) => ['unit', code, 'breakdown', kpi, r.period, r.map, r.basis] as const,
  completeness: (code: string, period: string, map: MapView, limit: number) => ['unit', code, 'completeness', period, map, limit] as const,
};

const u = (code: string) => `/units/${encodeURIComponent(code)}`;
const basisParam = (basis: Basis) => (basis === 'approved' ? { basis } : {});

/**
 * The unit as it was in a period (its parent, ancestors and children of that period's map, or of
 * today's). Without a period the server reads the open one.
 */
export const unitQuery = (code: string, period: string | null = null, map: MapView = 'period') =>
  queryOptions({
    queryKey: unitKeys.info(code, period, map),
    queryFn: ({ signal }) => getJson<UnitReply>(apiUrl(u(code), { period: period ?? undefined, ...mapParams(map) }), signal),
    staleTime: 10 * 60_000,
  });

/** The units a unit was made from and the units it went into, with their shares. */
export const lineageQuery = (code: string, period: string | null = null) =>
  queryOptions({
    queryKey: unitKeys.lineage(code, period),
    queryFn: ({ signal }) => getJson<LineageReply>(apiUrl(`${u(code)}/lineage`, { period: period ?? undefined }), signal),
    staleTime: 10 * 60_000,
  });

export const figuresQuery = (code: string, r: Reading) =>
  queryOptions({
    queryKey: unitKeys.figures(code, r),
    queryFn: ({ signal }) =>
      getJson<FiguresReply>(apiUrl(`${u(code)}/figures`, { period: r.period, ...mapParams(r.map), ...basisParam(r.basis) }), signal),
  });

/** A KPI's monthly series from `from` to the reading's period. */
export const seriesQuery = (code: string, kpi: string, from: string, r: Reading) =>
  queryOptions({
    queryKey: unitKeys.series(code, kpi, from, r),
    queryFn: ({ signal }) =>
      getJson<SeriesReply>(apiUrl(`${u(code)}/series`, { kpi, from, to: r.period, ...mapParams(r.map), ...basisParam(r.basis) }), signal),
  });

export const breakdownQuery = (code: string, kpi: string, r: Reading) =>
  queryOptions({
    queryKey: unitKeys.breakdown(code, kpi, r),
    queryFn: ({ signal }) =>
      getJson<BreakdownReply>(
        apiUrl(`${u(code)}/breakdown`, { kpi, period: r.period, ...mapParams(r.map), ...basisParam(r.basis) }),
        signal,
      ),
  });

/** Who reported: counts reports, not figures, so the basis does not change it (the map does). */
export const completenessQuery = (code: string, r: Pick<Reading, 'period' | 'map'>, limit = 50) =>
  queryOptions({
    queryKey: unitKeys.completeness(code, r.period, r.map, limit),
    queryFn: ({ signal }) =>
      getJson<CompletenessReply>(apiUrl(`${u(code)}/completeness`, { period: r.period, ...mapParams(r.map), limit }), signal),
  });
