/**
 * Generated from the server's own route table: every route × every role × inside and outside the
 * caller's subtree gets 401 without a session, 403 where the role or scope forbids, and passes the
 * gate otherwise. A route added without an access rule, or without a sample here, fails.
 *
 * What each case should get is asked of the permissions module (@tiendo/shared/permissions), not
 * written here: the route's `may` against the account's role (roleMay), then the unit asked on the
 * map of the request's period against the account's scope (inScope through isInScopeAt). Outside
 * the scope, a unit the caller can know of (above it, beside it) is refused with 403; one it cannot
 * (a team of another commune) answers the 404 of an unknown code, so that a caller cannot probe
 * which codes exist (knowsOn through couldKnowUnit). The server's real answers must agree.
 *
 * Scope is read on the map of the period a request is about: the samples ask about the last closed
 * and the open month (after the July-2025 reorganisation), and once more about 2025-06 for the
 * reads, where accounts of units that ended then still see their unit.
 */
import { reformedWorld, SMALL_WORLD_KPIS } from '@tiendo/seed/factories';
import { addMonths, type Role } from '@tiendo/shared';
import { roleMay } from '@tiendo/shared/permissions';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { users } from '../src/db/schema.ts';
import { NoAccessError, RoleForbiddenError } from '../src/errors.ts';
import type { AccessRule } from '../src/plugins/auth.ts';
import { type Catalog, CatalogService, type UnitNode, unitByCodeAt } from '../src/services/catalog-service.ts';
import { couldKnowUnit, isInScopeAt, type ScopeHolder, unknownUnit } from '../src/services/scope.ts';
import { TEST_LAST_CLOSED, TEST_OPEN } from './constants.ts';
import { createTestApp, type Session, type TestContext } from './helpers.ts';

/** The periods a sample asks about: a closed month (figures, series…) and one open for reporting. */
interface At {
  closed: string;
  open: string;
}

interface Sample {
  /** Build the URL for a unit code (ignored by routes without one) and the periods asked about. */
  url: (unit: string, at: At) => string;
  body?: unknown;
  /** Statuses that mean "let through" for this sample (defaults to 200 and 201). */
  ok?: number[];
  /** Sign in afresh for each case (the request ends or changes the session). */
  fresh?: boolean;
  /** The request ends every session of the account: sign everyone in again after it. */
  endsAllSessions?: boolean;
}

const NOW: At = { closed: TEST_LAST_CLOSED, open: TEST_OPEN };
/** The last month of the map before the reorganisation: districts, Phúc Xá, Trúc Bạch. */
const LAST_OLD = '2025-06';
/**
 * A unit below the given one on the map of the open period (approvers decide on the reports of the
 * units below them). Units that ended in 2025-06 have nothing below them then.
 */
const BELOW: Record<string, string> = { '01': '00097', '00097': '00001-02', '00004': '00004-01' };
const below = (u: string) => BELOW[u] ?? u;
export const SAMPLES: Record<string, Sample> = {
  'GET /api/health': { url: () => '/api/health' },
  'POST /api/auth/login': { url: () => '/api/auth/login', body: { username: 'lanhdao', password: 'tiendo-demo' } },
  'POST /api/auth/logout': { url: () => '/api/auth/logout', body: {}, fresh: true },
  'POST /api/auth/logout-everywhere': { url: () => '/api/auth/logout-everywhere', body: {}, fresh: true, endsAllSessions: true },
  'GET /api/me': { url: () => '/api/me' },
  'GET /api/auth/session': { url: () => '/api/auth/session' },
  'POST /api/me/password': { url: () => '/api/me/password', body: { currentPassword: 'not-it', newPassword: 'x' }, ok: [400] },
  'GET /api/tokens': { url: () => '/api/tokens' },
  'POST /api/tokens': { url: () => '/api/tokens', body: { name: 'matrix' }, ok: [201] },
  'DELETE /api/tokens/:id': { url: () => '/api/tokens/999999', ok: [404] },
  'GET /api/audit': { url: () => '/api/audit?limit=1' },
  'GET /api/periods': { url: () => '/api/periods' },
  'GET /api/kpis': { url: () => '/api/kpis' },
  'GET /api/units/:code': { url: (u, at) => `/api/units/${u}?period=${at.open}` },
  'GET /api/units/:code/lineage': { url: (u, at) => `/api/units/${u}/lineage?period=${at.closed}` },
  'GET /api/units/:code/figures': { url: (u, at) => `/api/units/${u}/figures?period=${at.closed}` },
  'GET /api/units/:code/series': {
    url: (u, at) => `/api/units/${u}/series?kpi=dinh_danh_tiep_nhan&from=${addMonths(at.closed, -10)}&to=${at.closed}`,
  },
  'GET /api/units/:code/breakdown': { url: (u, at) => `/api/units/${u}/breakdown?kpi=dinh_danh_tiep_nhan&period=${at.closed}` },
  'GET /api/units/:code/trends': { url: (u, at) => `/api/units/${u}/trends?from=${addMonths(at.closed, -10)}&to=${at.closed}` },
  'GET /api/units/:code/breakdowns': { url: (u, at) => `/api/units/${u}/breakdowns?period=${at.closed}` },
  'GET /api/units/:code/completeness': { url: (u, at) => `/api/units/${u}/completeness?period=${at.closed}` },
  'GET /api/units/:code/report': { url: (u, at) => `/api/units/${u}/report?period=${at.closed}&format=xlsx` },
  'GET /api/units/:code/reports/:period': { url: (u, at) => `/api/units/${u}/reports/${at.open}` },
  'PUT /api/units/:code/reports/:period': {
    url: (u, at) => `/api/units/${u}/reports/${at.open}`,
    body: { version: 0, values: {} },
    ok: [200, 409],
  },
  'POST /api/units/:code/reports/:period/submit': {
    url: (u, at) => `/api/units/${u}/reports/${at.open}/submit`,
    body: { version: 99 },
    ok: [409],
  },
  'POST /api/units/:code/reports/:period/approve': { url: (u, at) => `/api/units/${below(u)}/reports/${at.open}/approve`, ok: [409] },
  'POST /api/units/:code/reports/:period/return': {
    url: (u, at) => `/api/units/${below(u)}/reports/${at.open}/return`,
    body: { comment: 'Kiểm tra lại' },
    ok: [409],
  },
  'POST /api/units/:code/reports/:period/reopen': {
    url: (u, at) => `/api/units/${below(u)}/reports/${at.open}/reopen`,
    body: { reason: 'Mở lại' },
    ok: [409],
  },
  // Nothing in the open period is waiting in the matrix's database: refused as not submitted.
  'POST /api/units/:code/reports/:period/recall': { url: (u, at) => `/api/units/${u}/reports/${at.open}/recall`, body: {}, ok: [409] },
  // A unit below that is not waiting: the batch answers 200 and that unit fails alone, unchanged.
  'POST /api/units/:code/reports/:period/approve-many': {
    url: (u, at) => `/api/units/${u}/reports/${at.open}/approve-many`,
    body: { units: ['00001-02'] },
  },
  'POST /api/units/:code/reports/:period/return-many': {
    url: (u, at) => `/api/units/${u}/reports/${at.open}/return-many`,
    body: { units: ['00001-02'], comment: 'Kiểm tra lại' },
  },
  'GET /api/units/:code/reports/:period/template': { url: (u, at) => `/api/units/${u}/reports/${at.open}/template?format=csv` },
  'POST /api/units/:code/reports/:period/import': {
    url: (u, at) => `/api/units/${u}/reports/${at.open}/import`,
    body: { not: 'a file' },
    ok: [400, 415],
  },
  'GET /api/units/:code/late': { url: (u, at) => `/api/units/${u}/late?period=${at.closed}` },
  // An empty list of units: the gate is what is tested, nobody is reminded.
  'POST /api/units/:code/late/remind': { url: (u, at) => `/api/units/${u}/late/remind?period=${at.closed}`, body: { units: [] } },
  'GET /api/notifications': { url: () => '/api/notifications?unread=1' },
  'POST /api/notifications/:id/read': { url: () => '/api/notifications/999999/read', ok: [404] },
  'POST /api/notifications/read-all': { url: () => '/api/notifications/read-all', body: {} },
  'GET /api/units/:code/signer': { url: (u) => `/api/units/${u}/signer` },
  'PUT /api/units/:code/signer': { url: (u) => `/api/units/${u}/signer`, body: { title: 'PHÓ TRƯỞNG BAN', name: 'Ma Trận' } },
  // A malformed period: the rule is checked before the body, and nothing is rendered or stored.
  'POST /api/units/:code/meeting-reports': { url: (u) => `/api/units/${u}/meeting-reports`, body: { period: '2026-13' }, ok: [400] },
  'GET /api/units/:code/meeting-reports': { url: (u, at) => `/api/units/${u}/meeting-reports?period=${at.closed}` },
  'GET /api/units/:code/meeting-reports/:id': {
    url: (u, at) => `/api/units/${u}/meeting-reports/999999?format=pdf&period=${at.closed}`,
    ok: [404],
  },
  'GET /api/units/:code/meeting-reports/:id/changes': {
    url: (u, at) => `/api/units/${u}/meeting-reports/999999/changes?period=${at.closed}`,
    ok: [404],
  },
  'GET /api/units/:code/proposals': { url: (u, at) => `/api/units/${u}/proposals?period=${at.closed}&state=all` },
  // The closed period: refused after the rule and the scope, so nothing is stored.
  'POST /api/units/:code/proposals': {
    url: (u) => `/api/units/${u}/proposals`,
    body: { period: TEST_LAST_CLOSED, text: 'Kiến nghị của ma trận' },
    ok: [400],
  },
  'POST /api/proposals/:id/answer': { url: () => '/api/proposals/999999/answer', body: { text: 'Trả lời ma trận' }, ok: [404] },
  'POST /api/proposals/:id/forward': { url: () => '/api/proposals/999999/forward', body: {}, ok: [404] },
  'POST /api/proposals/:id/close': { url: () => '/api/proposals/999999/close', body: {}, ok: [404] },
  'GET /api/units/:code/conclusions': { url: (u, at) => `/api/units/${u}/conclusions?period=${at.closed}` },
  'POST /api/units/:code/conclusions': { url: (u) => `/api/units/${u}/conclusions`, body: { period: '2026-13' }, ok: [400] },
  'GET /api/units/:code/tasks': { url: (u, at) => `/api/units/${u}/tasks?period=${at.closed}` },
  'PUT /api/units/:code/tasks/:id/progress': {
    url: (u) => `/api/units/${u}/tasks/999999/progress`,
    body: { period: '2026-12', status: 'done' },
    ok: [404],
  },
  'GET /api/users': { url: () => '/api/users?pageSize=5' },
  'POST /api/users': {
    url: () => '/api/users',
    body: { username: 'matrix.user', displayName: 'Ma trận', unit: '00001-01', role: 'reporter' },
    ok: [201, 409],
  },
  'GET /api/admin/users/import/template': { url: () => '/api/admin/users/import/template?format=csv' },
  'POST /api/admin/users/import': { url: () => '/api/admin/users/import', body: { not: 'a file' }, ok: [400, 415] },
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
  // The same correction a second time corrects nothing: 400 after the gate.
  'POST /api/kpis/:code/targets/corrections': {
    url: () => '/api/kpis/dvc_tich_hop/targets/corrections',
    body: { period: '2022-10', level: 1, value: 900, deadline: '2022-11', reason: 'route matrix' },
    ok: [201, 400],
  },
  'GET /api/settings/reporting': { url: () => '/api/settings/reporting' },
  'PUT /api/settings/reporting': { url: () => '/api/settings/reporting', body: { cutoffDay: 14, deadlineDays: 3, graceDays: 7 } },
  'POST /api/periods/open': { url: () => '/api/periods/open', body: {} },
};

interface Account {
  username: string;
  /** The home unit's code, or for an account whose unit ended, the code it had. */
  home: string;
  /** A unit outside the account's subtree on the map of the samples' periods (none for the city). */
  outside: string | null;
  /** A unit outside it that the account cannot know of: a team of a commune that is not its peer. */
  far?: string;
}

/** Each of the demo's named accounts on the map of the open period. */
const ACCOUNTS: Account[] = [
  { username: 'admin', home: '01', outside: null },
  { username: 'lanhdao', home: '01', outside: null },
  { username: 'thuky', home: '01', outside: null },
  { username: 'hongha', home: '00097', outside: '00004', far: '00004-01' },
  { username: 'phuongbadinh', home: '00004', outside: '00097', far: '00001-01' },
  { username: 'to1.phucxa', home: '00001-01', outside: '00001-02', far: '00004-01' },
  // Ended on 2025-06-30. Their former communes and teams live on under new communes: outside.
  { username: 'badinh', home: '001', outside: '00004', far: '00037-01' },
  { username: 'phucxa', home: '00001', outside: '00001-01', far: '00004-01' },
];

/**
 * The same accounts on the map of 2025-06: the ended units still exist, and a unit made by the
 * reorganisation reads the archives of the units it was made from (Hồng Hà reads Phúc Xá).
 */
const ACCOUNTS_LAST_OLD: Account[] = [
  { username: 'lanhdao', home: '01', outside: null },
  { username: 'badinh', home: '001', outside: '003', far: '00037-01' },
  { username: 'phucxa', home: '00001', outside: '00004', far: '00004-01' },
  { username: 'hongha', home: '00001', outside: '00004', far: '00004-01' },
  { username: 'phuongbadinh', home: '00004', outside: '00001', far: '00001-01' },
  { username: 'to1.phucxa', home: '00001-01', outside: '00001-02', far: '00004-01' },
];

let t: TestContext;
let cat: Catalog;
const sessions = new Map<string, Session>();
const holders = new Map<string, ScopeHolder>();
beforeAll(async () => {
  // Hà Nội across the 2025 reform, in the demo's codes, with the KPIs the samples name.
  t = await createTestApp({ world: reformedWorld({ kpis: [...SMALL_WORLD_KPIS, 'van_ban_chi_dao', 'dvc_tich_hop'] }) });
  cat = new CatalogService(t.db.sqlite).get();
  for (const a of ACCOUNTS) {
    sessions.set(a.username, await t.login(a.username));
    const row = t.db.orm.select({ role: users.role, unitId: users.unitId }).from(users).where(eq(users.username, a.username)).get();
    holders.set(a.username, { role: row?.role as Role, unit: cat.units.get(row?.unitId ?? -1) as UnitNode });
  }
});
afterAll(() => t.close());

const key = (r: { method: string; url: string }) => `${r.method} ${r.url}`;
const apiRoutes = () => t.app.routeRules.filter((r) => r.url.startsWith('/api/') && !r.url.startsWith('/api/docs'));

/** Sends a route's sample for a unit and periods; the status and the error code, if any. */
async function sendSample(route: { method: string; url: string }, session: Session | null, unit: string, at: At) {
  const sample = SAMPLES[key(route)] as Sample;
  const r = await t.app.inject({
    method: route.method as 'GET',
    url: sample.url(unit, at),
    headers: session?.headers ?? {},
    ...(sample.body === undefined ? {} : { payload: sample.body as object }),
  });
  let code: string | null = null;
  if (r.statusCode >= 400 && (r.headers['content-type'] ?? '').toString().includes('json'))
    code = (r.json() as { error?: { code?: string } }).error?.code ?? null;
  return { status: r.statusCode, code };
}

/** The refusals' codes, from the errors the gate throws. */
const ROLE_REFUSED = new RoleForbiddenError('').code;
const OUT_OF_SCOPE = new NoAccessError('').code;
/** The answer to a code that names no unit, which a unit the caller cannot know of gets too. */
const UNKNOWN = unknownUnit('').code;

/** What the gate should answer, as the permissions module says: statuses allowed and, for a refusal, its code. */
interface Expected {
  status: number[];
  code?: string;
}

/**
 * The module's answer for one account asking one route about one unit: the role first (the gate
 * checks it before anything else), then the unit the URL names, on the map of the request's
 * period (in the path, else `period` or `to` in the query, else the open one).
 */
function expected(
  route: { method: string; url: string; access: AccessRule | undefined },
  username: string,
  unit: string,
  at: At,
): Expected {
  const sample = SAMPLES[key(route)] as Sample;
  const rule = route.access ?? {};
  const ok = { status: sample.ok ?? [200, 201] };
  if (rule.public) return ok;
  const who = holders.get(username) as ScopeHolder;
  if (rule.may !== undefined && !roleMay(who.role, rule.may)) return { status: [403], code: ROLE_REFUSED };
  if (!rule.unitParam || !route.url.includes(':code')) return ok;
  const url = new URL(sample.url(unit, at), 'http://matrix');
  const asked = decodeURIComponent(/^\/api\/units\/([^/]+)/.exec(url.pathname)?.[1] ?? '');
  const period =
    /\/reports\/(\d{4}-\d{2})/.exec(url.pathname)?.[1] ?? url.searchParams.get('period') ?? url.searchParams.get('to') ?? TEST_OPEN;
  const target = unitByCodeAt(cat, asked, period);
  if (!target) {
    const knowable = (cat.unitsByCode.get(asked) ?? []).some((u) => couldKnowUnit(cat, who, u));
    return { status: [404], code: knowable ? 'unit_not_in_period' : UNKNOWN };
  }
  if (isInScopeAt(cat, who, target, period)) return ok;
  return couldKnowUnit(cat, who, target) ? { status: [403], code: OUT_OF_SCOPE } : { status: [404], code: UNKNOWN };
}

const agrees = (got: { status: number; code: string | null }, want: Expected) =>
  want.status.includes(got.status) && (want.code === undefined || got.code === want.code);
const show = (e: Expected) => `${e.status.join('|')}${e.code ? ` ${e.code}` : ''}`;

describe('route × role × scope matrix', () => {
  it('has an access rule and a sample for every API route', () => {
    const api = apiRoutes();
    expect(api.length).toBeGreaterThan(10);
    const missingRule = api.filter((r) => r.access === undefined).map(key);
    expect(missingRule).toEqual([]);
    const missingSample = api.map(key).filter((k) => !(k in SAMPLES));
    expect(missingSample).toEqual([]);
  });

  it('samples every kind of answer: allowed, refused by role, refused by scope, unknown, ended', async () => {
    const seen = new Set<string>();
    for (const route of apiRoutes()) {
      for (const a of ACCOUNTS) {
        for (const unit of [a.home, a.outside, a.far])
          if (unit) seen.add(show(expected(route, a.username, unit, NOW)).replace(/^[\d|]+$/, 'ok'));
      }
    }
    expect([...seen].sort()).toEqual(
      [`403 ${OUT_OF_SCOPE}`, `403 ${ROLE_REFUSED}`, `404 ${UNKNOWN}`, '404 unit_not_in_period', 'ok'].sort(),
    );
  });

  it('answers 401 / 403 / 404 / allowed as the permissions module says', async () => {
    const failures: string[] = [];
    let cases = 0;
    for (const route of apiRoutes()) {
      const sample = SAMPLES[key(route)] as Sample;
      const rule = route.access ?? {};
      const anonymous = (await sendSample(route, null, '01', NOW)).status;
      const expectedAnon = rule.public ? (sample.ok ?? [200, 201]) : [401];
      if (!expectedAnon.includes(anonymous)) failures.push(`${key(route)} anonymous → ${anonymous}`);
      if (rule.public) continue;
      const byCode = rule.unitParam === true && route.url.includes(':code');
      for (const a of ACCOUNTS) {
        const units = [a.home, ...(byCode && a.outside ? [a.outside] : []), ...(byCode && a.far ? [a.far] : [])];
        for (const unit of units) {
          const session = sample.fresh ? await t.login(a.username) : (sessions.get(a.username) as Session);
          const got = await sendSample(route, session, unit, NOW);
          const want = expected(route, a.username, unit, NOW);
          cases++;
          if (!agrees(got, want)) failures.push(`${key(route)} ${a.username} ${unit} → ${got.status} ${got.code}, want ${show(want)}`);
        }
      }
      if (sample.endsAllSessions) for (const a of ACCOUNTS) sessions.set(a.username, await t.login(a.username));
    }
    expect(failures).toEqual([]);
    expect(cases).toBeGreaterThan(500);
    // some 700 requests, on a machine shared with other suites: more than the default minute
  }, 300_000);

  it('lets every account read, on the map of 2025-06, its unit as it was then and nothing outside it', async () => {
    const at: At = { closed: LAST_OLD, open: LAST_OLD };
    const failures: string[] = [];
    const reads = apiRoutes().filter(
      (r) => r.method === 'GET' && r.access !== undefined && !r.access.public && r.access.unitParam === true && r.url.includes(':code'),
    );
    expect(reads.length).toBeGreaterThan(5);
    for (const route of reads) {
      for (const a of ACCOUNTS_LAST_OLD) {
        const session = sessions.get(a.username) as Session;
        for (const unit of [a.home, a.outside, a.far]) {
          if (!unit) continue;
          const want = expected(route, a.username, unit, at);
          // the samples were chosen so: the home readable (when the role may), the others refused
          if (unit !== a.home && want.status.includes(200))
            failures.push(`${key(route)} ${a.username} ${unit}: the module lets it through`);
          const got = await sendSample(route, session, unit, at);
          if (!agrees(got, want))
            failures.push(`${key(route)} ${a.username} ${unit}@${LAST_OLD} → ${got.status} ${got.code}, want ${show(want)}`);
        }
      }
    }
    expect(failures).toEqual([]);
  }, 300_000);
});
