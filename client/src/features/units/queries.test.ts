import { afterEach, describe, expect, it, vi } from 'vitest';
import { breakdownQuery, completenessQuery, figuresQuery, type Reading, seriesQuery, unitQuery } from './queries.ts';

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
    expect(await urlOf(seriesQuery('00097', 'k', '2022-01', r))).toBe(
      '/api/units/00097/series?kpi=k&from=2022-01&to=2025-06&map=today&basis=approved',
    );
    expect(await urlOf(breakdownQuery('01', 'k', r))).toBe('/api/units/01/breakdown?kpi=k&period=2025-06&map=today&basis=approved');
    expect(await urlOf(completenessQuery('01', r, 50))).toBe('/api/units/01/completeness?period=2025-06&map=today&limit=50');
    expect(await urlOf(unitQuery('00001', '2025-07'))).toBe('/api/units/00001?period=2025-07');
    expect(await urlOf(unitQuery('01', '2025-06', 'today'))).toBe('/api/units/01?period=2025-06&map=today');
  });

  it('leave the defaults out of the URL', async () => {
    expect(await urlOf(figuresQuery('01', base))).toBe('/api/units/01/figures?period=2025-06');
    expect(await urlOf(unitQuery('01'))).toBe('/api/units/01');
  });
});
