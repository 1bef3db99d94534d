import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  apiUrl,
  downloadFile,
  filenameFromDisposition,
  getJson,
  HttpError,
  NetworkError,
  postJson,
  sendJson,
  setCsrfToken,
} from './http.ts';

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

  it('builds query strings', () => {
    expect(apiUrl('/units/01/series', { kpi: 'a b', from: '2022-01', to: undefined })).toBe('/api/units/01/series?kpi=a+b&from=2022-01');
  });

  it('sends every write method with the token and a JSON body', async () => {
    const fetch = reply(200, { version: 3 });
    vi.stubGlobal('fetch', fetch);
    setCsrfToken('tok');
    await expect(sendJson('PUT', '/api/units/01/reports/2026-12', { version: 2 })).resolves.toEqual({ version: 3 });
    const init = fetch.mock.calls[0]?.[1] ?? {};
    expect(init.method).toBe('PUT');
    expect(init.body).toBe('{"version":2}');
    expect((init.headers as Record<string, string>)['x-csrf-token']).toBe('tok');
  });

  it('downloads a file under the name the server gave, and refuses like any call', async () => {
    vi.stubGlobal(
      'fetch',
      vi.fn(
        async () =>
          new Response('pdf', {
            status: 200,
            headers: { 'content-disposition': `attachment; filename="a.pdf"; filename*=UTF-8''B%C3%A1o%20c%C3%A1o.pdf` },
          }),
      ),
    );
    const file = await downloadFile('/api/units/01/report?period=2026-11');
    expect(file.filename).toBe('Báo cáo.pdf');
    expect(await file.blob.text()).toBe('pdf');
    vi.stubGlobal('fetch', reply(503, { error: { code: 'busy', message: 'Bận / busy', details: { retryAfterSeconds: 60 } } }));
    await expect(downloadFile('/api/units/01/report?period=2026-11')).rejects.toMatchObject({ status: 503, code: 'busy' });
  });

  it('prefers the UTF-8 file name', () => {
    const h = `attachment; filename="Bao-cao_Ha-Noi_2026-11.pdf"; filename*=UTF-8''B%C3%A1o%20c%C3%A1o%20-%20H%C3%A0%20N%E1%BB%99i.pdf`;
    expect(filenameFromDisposition(h)).toBe('Báo cáo - Hà Nội.pdf');
    expect(filenameFromDisposition('attachment; filename="a.xlsx"')).toBe('a.xlsx');
    expect(filenameFromDisposition(null)).toBeNull();
  });
});
