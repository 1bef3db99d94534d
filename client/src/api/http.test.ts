import { afterEach, describe, expect, it, vi } from 'vitest';
import { apiUrl, getJson, HttpError, localizedServerMessage, NetworkError, postJson, setCsrfToken } from './http.ts';

function reply(status: number, body: unknown) {
  return vi.fn(async (_url: string, _init?: RequestInit) => new Response(body === undefined ? '' : JSON.stringify(body), { status }));
}

afterEach(() => {
  vi.unstubAllGlobals();
  setCsrfToken(null);
});

describe('http', () => {
  it('sends the session cookie and parses JSON', async () => {
    const fetch = reply(200, { status: 'ok' });
    vi.stubGlobal('fetch', fetch);
    await expect(getJson('/api/health')).resolves.toEqual({ status: 'ok' });
    expect(fetch.mock.calls[0]?.[1]?.credentials).toBe('same-origin');
  });

  it('throws a typed error with the status and the server message', async () => {
    vi.stubGlobal('fetch', reply(403, { error: { code: 'forbidden', message: 'Không có quyền / Forbidden' } }));
    const e = await getJson('/api/units/002').catch((x: unknown) => x);
    expect(e).toBeInstanceOf(HttpError);
    expect(e).toMatchObject({ status: 403, code: 'forbidden', serverMessage: 'Không có quyền / Forbidden' });
  });

  it('keeps the details of an error, such as where a unit that did not exist in a period went', async () => {
    const details = { successors: [{ code: '00097', name: 'Hồng Hà', validFrom: '2025-07', validTo: null, share: 1 }] };
    vi.stubGlobal('fetch', reply(404, { error: { code: 'unit_not_in_period', message: 'Không tồn tại / did not exist', details } }));
    const e = await getJson('/api/units/00001?period=2025-07').catch((x: unknown) => x);
    expect(e).toMatchObject({ status: 404, code: 'unit_not_in_period', details });
  });

  it('copes with a body that is not our error shape', async () => {
    vi.stubGlobal('fetch', reply(502, undefined));
    await expect(getJson('/api/kpis')).rejects.toMatchObject({ status: 502, serverMessage: null });
  });

  it('reports an unreachable server as a network error', async () => {
    vi.stubGlobal(
      'fetch',
      vi.fn(async () => {
        throw new TypeError('Failed to fetch');
      }),
    );
    await expect(getJson('/api/kpis')).rejects.toBeInstanceOf(NetworkError);
  });

  it('attaches the CSRF token to writes only', async () => {
    const fetch = reply(200, {});
    vi.stubGlobal('fetch', fetch);
    setCsrfToken('tok');
    await getJson('/api/me');
    await postJson('/api/auth/logout');
    const headers = (i: number) => fetch.mock.calls[i]?.[1]?.headers as Record<string, string>;
    expect(headers(0)['x-csrf-token']).toBeUndefined();
    expect(headers(1)['x-csrf-token']).toBe('tok');
  });

  it('builds query strings and picks the reader’s half of a bilingual message', () => {
    expect(apiUrl('/units/01/series', { kpi: 'a b', from: '2022-01', to: undefined })).toBe('/api/units/01/series?kpi=a+b&from=2022-01');
    expect(localizedServerMessage('Sai mật khẩu / wrong password', 'en')).toBe('wrong password');
    expect(localizedServerMessage('Sai mật khẩu / wrong password', 'vi')).toBe('Sai mật khẩu');
    expect(localizedServerMessage('plain', 'en')).toBe('plain');
  });
});
