import { QueryClient } from '@tanstack/react-query';
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  breakdownQuery,
  breakdownsQuery,
  completenessQuery,
  figuresQuery,
  type Reading,
  seriesQuery,
  trendsQuery,
  unitQuery,
} from './queries.ts';

const base: Reading = { period: '2025-06', map: 'period', basis: 'submitted' };
const variants: Reading[] = [base, { ...base, period: '2025-07' }, { ...base, map: 'today' }, { ...base, basis: 'approved' }];
const distinct = (keys: readonly unknown[][]) => new Set(keys.map((k) => JSON.stringify(k))).size;

afterEach(() => vi.unstubAllGlobals());

async function urlOf(options: { queryFn?: unknown }): Promise<string> {
  const fetch = vi.fn(async (_url: string) => new Response('{}', { status: 200 }));
  vi.stubGlobal('fetch', fetch);
  await (options.queryFn as (c: { signal: AbortSignal }) => Promise<unknown>)({ signal: new AbortController().signal });
  return fetch.mock.calls[0]?.[0] ?? '';
}

describe('unit queries', () => {
  it('key every reading apart: the period, the map and the basis each change the answer', () => {
    expect(distinct(variants.map((r) => [...figuresQuery('01', r).queryKey]))).toBe(4);
    expect(distinct(variants.map((r) => [...seriesQuery('01', 'k', '2022-01', r).queryKey]))).toBe(4);
    expect(distinct(variants.map((r) => [...breakdownQuery('01', 'k', r).queryKey]))).toBe(4);
    // who reported does not depend on the basis, but does on the map
    expect(distinct(variants.map((r) => [...completenessQuery('01', r).queryKey]))).toBe(3);
    expect(
      distinct([unitQuery('00097', '2025-06', 'period').queryKey, unitQuery('00097', '2025-06', 'today').queryKey].map((k) => [...k])),
    ).toBe(2);
  });

  it('ask the server for exactly the reading in the key', async () => {
    const r: Reading = { period: '2025-06', map: 'today', basis: 'approved' };
    expect(await urlOf(figuresQuery('01', r))).toBe('/api/units/01/figures?period=2025-06&map=today&basis=approved');
    expect(await urlOf(trendsQuery('00097', '2022-01', r))).toBe(
      '/api/units/00097/trends?from=2022-01&to=2025-06&map=today&basis=approved',
    );
    expect(await urlOf(breakdownsQuery('01', r))).toBe('/api/units/01/breakdowns?period=2025-06&map=today&basis=approved');
    expect(await urlOf(completenessQuery('01', r, 50))).toBe('/api/units/01/completeness?period=2025-06&map=today&limit=50');
    expect(await urlOf(unitQuery('00001', '2025-07'))).toBe('/api/units/00001?period=2025-07');
    expect(await urlOf(unitQuery('01', '2025-06', 'today'))).toBe('/api/units/01?period=2025-06&map=today');
  });

  it('read every card’s series from one `trends` request, and a KPI it lacks from /series', async () => {
    const r: Reading = { period: '2025-06', map: 'today', basis: 'approved' };
    const series = (kpi: string) => ({ unit: { code: '01' }, kpi, target: null, deadline: null, points: [] });
    const fetch = vi.fn(async (url: string) =>
      Response.json(url.includes('/trends?') ? { series: [series('a'), series('b')] } : series('c')),
    );
    vi.stubGlobal('fetch', fetch);
    const qc = new QueryClient();
    const [a, b] = await Promise.all([
      qc.fetchQuery(seriesQuery('01', 'a', '2022-01', r)),
      qc.fetchQuery(seriesQuery('01', 'b', '2022-01', r)),
    ]);
    expect([a.kpi, b.kpi]).toEqual(['a', 'b']);
    expect(fetch.mock.calls.map((c) => c[0])).toEqual(['/api/units/01/trends?from=2022-01&to=2025-06&map=today&basis=approved']);
    const c = await qc.fetchQuery(seriesQuery('01', 'c', '2022-01', r));
    expect(c.kpi).toBe('c');
    expect(fetch.mock.calls.at(-1)?.[0]).toBe('/api/units/01/series?kpi=c&from=2022-01&to=2025-06&map=today&basis=approved');
  });

  it('read every KPI’s breakdown from one `breakdowns` request, asked again once invalidated', async () => {
    const r: Reading = { period: '2025-06', map: 'period', basis: 'submitted' };
    const breakdown = (kpi: string) => ({ unit: { code: '01' }, kpi, period: '2025-06', rows: [] });
    const fetch = vi.fn(async (url: string) =>
      Response.json(url.includes('/breakdowns?') ? { breakdowns: [breakdown('a'), breakdown('b')] } : breakdown('c')),
    );
    vi.stubGlobal('fetch', fetch);
    const qc = new QueryClient({ defaultOptions: { queries: { staleTime: 60_000 } } });
    await Promise.all(['a', 'b'].map((k) => qc.fetchQuery(breakdownQuery('01', k, r))));
    expect(fetch).toHaveBeenCalledTimes(1);
    expect(fetch.mock.calls[0]?.[0]).toBe('/api/units/01/breakdowns?period=2025-06');
    // a report moved: the figures' keys are invalidated, the next read asks once more
    await qc.invalidateQueries({ queryKey: ['unit'] });
    await qc.fetchQuery(breakdownQuery('01', 'a', r));
    expect(fetch.mock.calls.filter((c) => String(c[0]).includes('/breakdowns?'))).toHaveLength(2);
    await qc.fetchQuery(breakdownQuery('01', 'c', r));
    expect(fetch.mock.calls.at(-1)?.[0]).toBe('/api/units/01/breakdown?kpi=c&period=2025-06');
  });

  it('leave the defaults out of the URL', async () => {
    expect(await urlOf(figuresQuery('01', base))).toBe('/api/units/01/figures?period=2025-06');
    expect(await urlOf(unitQuery('01'))).toBe('/api/units/01');
  });
});
