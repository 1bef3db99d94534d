import { QueryClient } from '@tanstack/react-query';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Reading } from '../../api/keys.ts';
import { breakdownQuery } from '../units/queries.ts';
import { refreshFigures } from './mutations.ts';

afterEach(() => vi.unstubAllGlobals());

describe('after a write', () => {
  it('asks for the figures again even while a request sent before the write is under way', async () => {
    // each reply says which request it answers; a request honours its abort signal as fetch does
    let sent = 0;
    vi.stubGlobal(
      'fetch',
      vi.fn((_url: string, init?: RequestInit) => {
        const n = ++sent;
        return new Promise<Response>((resolve, reject) => {
          const timer = setTimeout(
            () => resolve(Response.json({ breakdowns: [{ unit: { code: '01' }, kpi: 'a', period: '2025-06', rows: [], request: n }] })),
            30,
          );
          init?.signal?.addEventListener('abort', () => {
            clearTimeout(timer);
            reject(init.signal?.reason);
          });
        });
      }),
    );
    const r: Reading = { period: '2025-06', map: 'period', basis: 'submitted' };
    const qc = new QueryClient({ defaultOptions: { queries: { staleTime: 60_000, retry: false } } });
    const before = qc.fetchQuery(breakdownQuery('01', 'a', r)).catch(() => 'cancelled');
    await new Promise((res) => setTimeout(res, 5));
    refreshFigures(qc);
    await new Promise((res) => setTimeout(res, 0));
    const after = (await qc.fetchQuery(breakdownQuery('01', 'a', r))) as unknown as { request: number };
    expect(after.request).toBe(2);
    expect(await before).toBe('cancelled');
  });
});
