/**
 * Generated from the server's own route table: every route × every role × inside and outside the
 * caller's subtree gets 401 without a session, 403 where the role or scope forbids, and passes the
 * gate otherwise. A route added without an access rule, or without a sample here, fails.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_LAST_CLOSED, TEST_OPEN } from './constants.ts';
import { createTestApp, type Session, type TestContext } from './helpers.ts';

interface Sample {
  /** Build the URL for a unit code (ignored by routes without one). */
  url: (unit: string) => string;
  body?: unknown;
  /** Statuses that mean "let through" for this sample (defaults to 200 and 201). */
  ok?: number[];
  /** Sign in afresh for each case (the request ends or changes the session). */
  fresh?: boolean;
}

const P = TEST_LAST_CLOSED;
const O = TEST_OPEN;
/** A unit below the given one (approvers decide on the reports of the units below them). */
const BELOW: Record<string, string> = { '01': '001', '001': '00001', '00001': '00001-02', '002': '00037', '00004': '00004-01' };
const below = (u: string) => BELOW[u] ?? u;
export const SAMPLES: Record<string, Sample> = {
  'GET /api/health': { url: () => '/api/health' },
  'POST /api/auth/login': { url: () => '/api/auth/login', body: { username: 'lanhdao', password: 'tiendo-demo' } },
  'POST /api/auth/logout': { url: () => '/api/auth/logout', body: {}, fresh: true },
  'GET /api/me': { url: () => '/api/me' },
  'POST /api/me/password': { url: () => '/api/me/password', body: { currentPassword: 'not-it', newPassword: 'x' }, ok: [400] },
  'GET /api/tokens': { url: () => '/api/tokens' },
  'POST /api/tokens': { url: () => '/api/tokens', body: { name: 'matrix' }, ok: [201] },
  'DELETE /api/tokens/:id': { url: () => '/api/tokens/999999', ok: [404] },
  'GET /api/audit': { url: () => '/api/audit?limit=1' },
  'GET /api/periods': { url: () => '/api/periods' },
  'GET /api/kpis': { url: () => '/api/kpis' },
  'GET /api/units/:code': { url: (u) => `/api/units/${u}` },
  'GET /api/units/:code/figures': { url: (u) => `/api/units/${u}/figures?period=${P}` },
  'GET /api/units/:code/series': { url: (u) => `/api/units/${u}/series?kpi=dinh_danh_tiep_nhan&from=2026-01&to=${P}` },
  'GET /api/units/:code/breakdown': { url: (u) => `/api/units/${u}/breakdown?kpi=dinh_danh_tiep_nhan&period=${P}` },
  'GET /api/units/:code/completeness': { url: (u) => `/api/units/${u}/completeness?period=${P}` },
  'GET /api/units/:code/report': { url: (u) => `/api/units/${u}/report?period=${P}&format=xlsx` },
  'GET /api/units/:code/reports/:period': { url: (u) => `/api/units/${u}/reports/${O}` },
  'PUT /api/units/:code/reports/:period': { url: (u) => `/api/units/${u}/reports/${O}`, body: { version: 0, values: {} }, ok: [200, 409] },
  'POST /api/units/:code/reports/:period/submit': { url: (u) => `/api/units/${u}/reports/${O}/submit`, body: { version: 99 }, ok: [409] },
  'POST /api/units/:code/reports/:period/approve': { url: (u) => `/api/units/${below(u)}/reports/${O}/approve`, ok: [409] },
  'POST /api/units/:code/reports/:period/return': {
    url: (u) => `/api/units/${below(u)}/reports/${O}/return`,
    body: { comment: 'Kiểm tra lại' },
    ok: [409],
  },
  'POST /api/units/:code/reports/:period/reopen': {
    url: (u) => `/api/units/${below(u)}/reports/${O}/reopen`,
    body: { reason: 'Mở lại' },
    ok: [409],
  },
  'GET /api/units/:code/reports/:period/template': { url: (u) => `/api/units/${u}/reports/${O}/template?format=csv` },
  'POST /api/units/:code/reports/:period/import': {
    url: (u) => `/api/units/${u}/reports/${O}/import`,
    body: { not: 'a file' },
    ok: [400, 415],
  },
  'GET /api/units/:code/late': { url: (u) => `/api/units/${u}/late?period=${P}` },
  'GET /api/users': { url: () => '/api/users?pageSize=5' },
  'POST /api/users': {
    url: () => '/api/users',
    body: { username: 'matrix.user', displayName: 'Ma trận', unit: '00001-01', role: 'reporter' },
    ok: [201, 409],
  },
  'PATCH /api/users/:username': { url: () => '/api/users/matrix.user', body: { displayName: 'Ma trận quyền' } },
  'POST /api/users/:username/reset-password': { url: () => '/api/users/matrix.user/reset-password', body: {} },
  'GET /api/units': { url: () => '/api/units?q=phuc&pageSize=5' },
  'GET /api/kpis/:code': { url: () => '/api/kpis/dvc_thiet_yeu' },
  'POST /api/kpis': {
    url: () => '/api/kpis',
    body: {
      code: 'matrix_kpi',
      name: 'Ma trận',
      nameEn: 'Matrix',
      unit: 'lượt',
      unitEn: 'times',
      kind: 'count',
      reportLevels: [3],
      group: 'chi_dao',
    },
    ok: [201, 409],
  },
  'PATCH /api/kpis/:code': { url: () => '/api/kpis/van_ban_chi_dao', body: { order: 1 } },
  'GET /api/kpis/:code/targets': { url: () => '/api/kpis/dvc_tich_hop/targets' },
  'PUT /api/kpis/:code/targets': { url: () => '/api/kpis/dvc_tich_hop/targets', body: [{ level: 1, value: 928, deadline: '2022-11' }] },
  'GET /api/settings/reporting': { url: () => '/api/settings/reporting' },
  'PUT /api/settings/reporting': { url: () => '/api/settings/reporting', body: { cutoffDay: 14, deadlineDays: 3, graceDays: 7 } },
  'POST /api/periods/open': { url: () => '/api/periods/open', body: {} },
};

/** Each demo account, its home unit and a unit outside its subtree (none for the city and admin). */
const ACCOUNTS = [
  { username: 'admin', home: '01', outside: null },
  { username: 'lanhdao', home: '01', outside: null },
  { username: 'thuky', home: '01', outside: null },
  { username: 'badinh', home: '001', outside: '002' },
  { username: 'phucxa', home: '00001', outside: '00004' },
  { username: 'to1.phucxa', home: '00001-01', outside: '00001-02' },
] as const;

let t: TestContext;
const sessions = new Map<string, Session>();
beforeAll(async () => {
  t = await createTestApp({ demo: true });
  for (const a of ACCOUNTS) sessions.set(a.username, await t.login(a.username));
});
afterAll(() => t.close());

const key = (r: { method: string; url: string }) => `${r.method} ${r.url}`;

describe('route × role × scope matrix', () => {
  it('has an access rule and a sample for every API route', () => {
    const api = t.app.routeRules.filter((r) => r.url.startsWith('/api/') && !r.url.startsWith('/api/docs'));
    expect(api.length).toBeGreaterThan(10);
    const missingRule = api.filter((r) => r.access === undefined).map(key);
    expect(missingRule).toEqual([]);
    const missingSample = api.map(key).filter((k) => !(k in SAMPLES));
    expect(missingSample).toEqual([]);
  });

  it('answers 401 / 403 / allowed as the rules say', async () => {
    const api = t.app.routeRules.filter((r) => r.url.startsWith('/api/') && !r.url.startsWith('/api/docs'));
    const failures: string[] = [];
    for (const route of api) {
      const sample = SAMPLES[key(route)] as Sample;
      const rule = route.access ?? {};
      const ok = sample.ok ?? [200, 201];
      const send = async (session: Session | null, unit: string) => {
        const r = await t.app.inject({
          method: route.method as 'GET',
          url: sample.url(unit),
          headers: session?.headers ?? {},
          ...(sample.body === undefined ? {} : { payload: sample.body as object }),
        });
        return r.statusCode;
      };
      const anonymous = await send(null, '01');
      const expectedAnon = rule.public ? ok : [401];
      if (!expectedAnon.includes(anonymous)) failures.push(`${key(route)} anonymous → ${anonymous}`);
      if (rule.public) continue;
      for (const a of ACCOUNTS) {
        const session = sample.fresh ? await t.login(a.username) : (sessions.get(a.username) as Session);
        const roleAllowed = !rule.roles || rule.roles.includes(roleOf(a.username));
        const inside = await send(session, a.home);
        const want = roleAllowed ? ok : [403];
        if (!want.includes(inside)) failures.push(`${key(route)} ${a.username} inside → ${inside}, want ${want}`);
        if (rule.unitParam && a.outside) {
          const s2 = sample.fresh ? await t.login(a.username) : session;
          const outside = await send(s2, a.outside);
          if (outside !== 403) failures.push(`${key(route)} ${a.username} outside → ${outside}, want 403`);
        }
      }
    }
    expect(failures).toEqual([]);
  });
});

function roleOf(username: string) {
  const roles = {
    admin: 'admin',
    lanhdao: 'leader',
    thuky: 'secretariat',
    badinh: 'approver',
    phucxa: 'approver',
    'to1.phucxa': 'reporter',
  } as const;
  return roles[username as keyof typeof roles];
}
