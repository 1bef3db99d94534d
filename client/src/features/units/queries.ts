import { queryOptions } from '@tanstack/react-query';
import type {
  BreakdownReply,
  BreakdownsReply,
  CompletenessReply,
  FiguresReply,
  LineageReply,
  MapView,
  SeriesReply,
  TrendsReply,
  UnitReply,
} from '@tiendo/shared';
import { apiUrl, getJson } from '../../api/http.ts';
import { type Reading, unitKeys } from '../../api/keys.ts';
import { mapParams } from './map-view.ts';

export type { Reading };

const u = (code: string) => `/units/${encodeURIComponent(code)}`;
/** What a reading adds to a URL beyond its period: the map and the basis, each only when not the default. */
const readingParams = (r: Reading) => ({ ...mapParams(r.map), ...(r.basis === 'approved' ? { basis: r.basis } : {}) });

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
    queryFn: ({ signal }) => getJson<FiguresReply>(apiUrl(`${u(code)}/figures`, { period: r.period, ...readingParams(r) }), signal),
  });

/** Every KPI's monthly series from `from` to the reading's period, in one request. */
export const trendsQuery = (code: string, from: string, r: Reading) =>
  queryOptions({
    queryKey: unitKeys.trends(code, from, r),
    queryFn: ({ signal }) => getJson<TrendsReply>(apiUrl(`${u(code)}/trends`, { from, to: r.period, ...readingParams(r) }), signal),
  });

/**
 * A KPI's monthly series from `from` to the reading's period. A dashboard shows a card per KPI,
 * each asking for its series at the same moment: they share one `trends` request (react-query
 * runs a query once however many ask for it at the same time), and a KPI the unit does not follow
 * is asked for on its own.
 */
export const seriesQuery = (code: string, kpi: string, from: string, r: Reading) =>
  queryOptions({
    queryKey: unitKeys.series(code, kpi, from, r),
    queryFn: async ({ client, signal }): Promise<SeriesReply> => {
      // Asked again only when stale by the client's rule, or invalidated (a report moved).
      const trends = await client.fetchQuery(trendsQuery(code, from, r));
      return (
        trends.series.find((s) => s.kpi === kpi) ??
        getJson<SeriesReply>(apiUrl(`${u(code)}/series`, { kpi, from, to: r.period, ...readingParams(r) }), signal)
      );
    },
  });

/** Every KPI's breakdown over the units below, in one request. */
export const breakdownsQuery = (code: string, r: Reading) =>
  queryOptions({
    queryKey: unitKeys.breakdowns(code, r),
    queryFn: ({ signal }) => getJson<BreakdownsReply>(apiUrl(`${u(code)}/breakdowns`, { period: r.period, ...readingParams(r) }), signal),
  });

/**
 * A KPI's breakdown over the units below. The heat map asks for every KPI's at the same moment
 * as the ranking asks for one: they share one `breakdowns` request, as the series share `trends`.
 */
export const breakdownQuery = (code: string, kpi: string, r: Reading) =>
  queryOptions({
    queryKey: unitKeys.breakdown(code, kpi, r),
    queryFn: async ({ client, signal }): Promise<BreakdownReply> => {
      const all = await client.fetchQuery(breakdownsQuery(code, r));
      return (
        all.breakdowns.find((b) => b.kpi === kpi) ??
        getJson<BreakdownReply>(apiUrl(`${u(code)}/breakdown`, { kpi, period: r.period, ...readingParams(r) }), signal)
      );
    },
  });

/** Who reported: counts reports, not figures, so the basis does not change it (the map does). */
export const completenessQuery = (code: string, r: Pick<Reading, 'period' | 'map'>, limit = 50) =>
  queryOptions({
    queryKey: unitKeys.completeness(code, r.period, r.map, limit),
    queryFn: ({ signal }) =>
      getJson<CompletenessReply>(apiUrl(`${u(code)}/completeness`, { period: r.period, ...mapParams(r.map), limit }), signal),
  });
