import { QueryClient } from '@tanstack/react-query';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { HttpError } from '../../api/http.ts';
import { proposalsQuery, tasksQuery } from './queries.ts';

function reply(status: number, body: unknown) {
  return vi.fn(async (_url: string) => new Response(JSON.stringify(body), { status }));
}

afterEach(() => vi.unstubAllGlobals());

describe('tasks and proposals for the deck', () => {
  it('read a server without the routes as nothing recorded, so the slide says so instead of failing', async () => {
    vi.stubGlobal('fetch', reply(404, { error: { code: 'not_found', message: 'Không có đường dẫn / route not found' } }));
    const qc = new QueryClient();
    await expect(qc.fetchQuery(tasksQuery('01', '2026-11'))).resolves.toBeNull();
    await expect(qc.fetchQuery(proposalsQuery('01', '2026-11'))).resolves.toBeNull();
  });
  it('keep any other refusal an error: a unit that is not in the period is not "nothing recorded"', async () => {
    vi.stubGlobal('fetch', reply(404, { error: { code: 'unit_not_in_period', message: 'Không tồn tại / did not exist' } }));
    const e = await new QueryClient({ defaultOptions: { queries: { retry: false } } })
      .fetchQuery(tasksQuery('00001', '2026-11'))
      .catch((x: unknown) => x);
    expect(e).toBeInstanceOf(HttpError);
    expect(e).toMatchObject({ status: 404, code: 'unit_not_in_period' });
  });
  it('ask for the period’s tasks and the open proposals of the unit', async () => {
    const fetch = reply(200, { unit: { code: '01', name: 'Hà Nội', level: 1, type: 'thành phố' }, raised: [], waiting: [] });
    vi.stubGlobal('fetch', fetch);
    const qc = new QueryClient();
    await qc.fetchQuery(proposalsQuery('01', '2026-11'));
    await qc.fetchQuery(tasksQuery('01', '2026-11'));
    expect(fetch.mock.calls.map((c) => c[0])).toEqual([
      '/api/units/01/proposals?period=2026-11&state=open',
      '/api/units/01/tasks?period=2026-11',
    ]);
  });
});
