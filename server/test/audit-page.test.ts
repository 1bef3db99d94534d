/**
 * The audit log page's API: filters by who, what, unit, period and dates; keyset paging; scope
 * (a commune's secretariat sees its subtree and its own actions, the city's secretariat also the
 * programme-wide entries, an approver nothing); and the city secretariat's own target change,
 * which carries no unit, shows in its own view with before and after.
 */

import { SMALL_WORLD_KPIS, smallWorld } from '@tiendo/seed/factories';
import type { AuditLogReply } from '@tiendo/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_LAST_CLOSED, TEST_OPEN } from './constants.ts';
import { createTestApp, type Session, type TestContext } from './helpers.ts';

let t: TestContext;
let thuky: Session;
let admin: Session;
let team: Session;
let hongha: Session;
let communeSecretariat: Session;

const send = (s: Session, method: 'POST' | 'PUT', url: string, payload: unknown) =>
  t.app.inject({ method, url, headers: s.headers, payload: payload as object });

const audit = async (s: Session, query: string) => {
  const r = await t.get<AuditLogReply>(s, `/api/audit?${query}`);
  expect(r.status, query).toBe(200);
  return r.body;
};

beforeAll(async () => {
  t = await createTestApp({ world: smallWorld({ kpis: [...SMALL_WORLD_KPIS, 'tthc_tich_hop'] }) });
  thuky = await t.login('thuky');
  admin = await t.login('admin');
  team = await t.login('to1.phucxa');
  hongha = await t.login('hongha');

  // The city secretariat raises a target (no unit: a tier's target) …
  const target = await send(thuky, 'PUT', '/api/kpis/tthc_tich_hop/targets', [{ level: 1, value: 80, deadline: '2022-12' }]);
  expect(target.statusCode).toBe(200);
  // … a team saves and sends its report, its commune returns it …
  const saved = await send(team, 'PUT', `/api/units/00001-01/reports/${TEST_OPEN}`, { version: 0, values: { dinh_danh_tiep_nhan: 37 } });
  expect(saved.statusCode).toBe(200);
  // … and a secretariat of Phường Hồng Hà is opened by the admin, to read the commune's log.
  const created = await send(admin, 'POST', '/api/users', {
    username: 'thuky.hongha',
    displayName: 'Thường trực BCĐ 06 phường Hồng Hà',
    unit: '00097',
    role: 'secretariat',
  });
  expect(created.statusCode).toBe(201);
  const password = (created.json() as { temporaryPassword: string }).temporaryPassword;
  const first = await t.login('thuky.hongha', password);
  const changed = await t.app.inject({
    method: 'POST',
    url: '/api/me/password',
    headers: first.headers,
    payload: { currentPassword: password, newPassword: 'Hồng Hà rà soát 2026!' },
  });
  expect(changed.statusCode).toBe(200);
  communeSecretariat = await t.login('thuky.hongha', 'Hồng Hà rà soát 2026!');
});
afterAll(() => t.close());

describe('the audit log page', () => {
  it('shows the city secretariat its own target change, with before and after, though it names no unit', async () => {
    const r = await audit(thuky, 'actor=thuky&action=kpi.targets');
    expect(r.total).toBe(1);
    const [e] = r.entries;
    expect(e).toMatchObject({ actor: 'thuky', actorName: 'Thường trực BCĐ 06 Thành phố (Công an TP)', action: 'kpi.targets', unit: null });
    expect(e?.target).toBe('tthc_tich_hop');
    expect(e?.before).toEqual([{ unit: null, level: 1, from: TEST_OPEN, value: 70, deadline: '2022-12', since: null }]);
    expect(e?.after).toEqual([{ unit: null, level: 1, from: TEST_OPEN, value: 80, deadline: '2022-12', removed: false }]);
    // and under no filter at all, as the page first opens
    expect((await audit(thuky, 'limit=50')).entries.some((x) => x.action === 'kpi.targets' && x.actor === 'thuky')).toBe(true);
  });

  it('filters by what: one action, or a family of them', async () => {
    const save = await audit(thuky, 'action=report.save');
    expect(save.entries.length).toBeGreaterThan(0);
    expect(save.entries.every((e) => e.action === 'report.save')).toBe(true);
    const family = await audit(thuky, 'action=login.*');
    expect(family.entries.length).toBeGreaterThan(0);
    expect(family.entries.every((e) => e.action.startsWith('login.'))).toBe(true);
    expect(new Set(family.entries.map((e) => e.action))).toContain('login.success');
    expect((await t.get(thuky, '/api/audit?action=DROP%20TABLE')).status).toBe(400);
  });

  it('filters by unit (its subtree) and by the reporting period an entry is about', async () => {
    const unit = await audit(thuky, 'unit=00097');
    expect(unit.entries.length).toBeGreaterThan(0);
    expect(unit.entries.map((e) => e.unit)).toContain('00001-01');
    expect(unit.entries.every((e) => e.unit === '00097' || e.unit?.startsWith('00001-') || e.unit?.startsWith('00097'))).toBe(true);
    const save = unit.entries.find((e) => e.action === 'report.save');
    expect(save).toMatchObject({ unit: '00001-01', unitName: 'Tổ dân phố số 1', target: `00001-01/${TEST_OPEN}` });
    expect(save?.after).toMatchObject({ dinh_danh_tiep_nhan: 37 });

    const open = await audit(thuky, `period=${TEST_OPEN}`);
    const actions = open.entries.map((e) => e.action);
    expect(actions).toContain('report.save');
    // the target change takes effect from the open period: it is about that period too
    expect(actions).toContain('kpi.targets');
    expect((await audit(thuky, `period=${TEST_LAST_CLOSED}`)).entries.map((e) => e.action)).not.toContain('report.save');
  });

  it('filters by dates of Hà Nội, inclusive', async () => {
    const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Ho_Chi_Minh' }).format(new Date());
    const all = await audit(admin, 'limit=1');
    const day = await audit(admin, `from=${today}&to=${today}&limit=1`);
    expect(day.total).toBeGreaterThan(0);
    expect(day.total).toBeLessThanOrEqual(all.total);
    expect((await audit(admin, 'to=2000-01-01')).total).toBe(0);
    expect((await audit(admin, 'from=2999-01-01')).total).toBe(0);
  });

  it('pages by cursor: every entry once, newest first, however the pages are cut', async () => {
    const whole = await audit(admin, 'limit=1000');
    const seen: number[] = [];
    let cursor: number | null = null;
    do {
      const page: AuditLogReply = await audit(admin, `limit=3${cursor ? `&cursor=${cursor}` : ''}`);
      expect(page.total).toBe(whole.total);
      seen.push(...page.entries.map((e) => e.id));
      cursor = page.nextCursor;
    } while (cursor !== null);
    expect(seen).toEqual(whole.entries.map((e) => e.id));
    expect(seen).toEqual([...seen].sort((a, b) => b - a));
  });

  it("keeps a commune's secretariat to its subtree and its own actions", async () => {
    const r = await audit(communeSecretariat, 'limit=1000');
    expect(r.entries.length).toBeGreaterThan(0);
    // its own sign-in and password change are there
    expect(r.entries.some((e) => e.actor === 'thuky.hongha' && e.action === 'user.password_change')).toBe(true);
    // the team's report below it is there
    expect(r.entries.some((e) => e.action === 'report.save' && e.unit === '00001-01')).toBe(true);
    // the city's target change and the city's sign-ins are not; of the admin's actions, only the
    // account it opened at the commune
    expect(r.entries.some((e) => e.action === 'kpi.targets')).toBe(false);
    expect(r.entries.some((e) => e.actor === 'thuky')).toBe(false);
    expect(r.entries.filter((e) => e.actor === 'admin').map((e) => [e.action, e.unit])).toEqual([['user.create', '00097']]);
    // nor is a unit outside: asking for it is refused
    expect((await t.get(communeSecretariat, '/api/audit?unit=00004')).status).toBe(403);
  });

  it('is for the secretariat and admins only', async () => {
    for (const s of [hongha, team, await t.login('lanhdao')]) expect((await t.get(s, '/api/audit')).status).toBe(403);
    expect((await t.get(null, '/api/audit')).status).toBe(401);
  });
});

describe('the session, asked before sign-in', () => {
  it('answers signed out with a 200, and signed in with the account; other routes still answer 401', async () => {
    const out = await t.get<{ state: string }>(null, '/api/auth/session');
    expect(out).toEqual({ status: 200, body: { state: 'signed-out' } });
    const stale = await t.app.inject({ url: '/api/auth/session', headers: { cookie: 'tiendo_session=not-a-session' } });
    expect(stale.json()).toEqual({ state: 'signed-out' });
    expect(stale.cookies.find((c) => c.name === 'tiendo_session')?.value).toBe('');
    const signedIn = await t.get<{ state: string; user: { username: string }; csrfToken: string }>(thuky, '/api/auth/session');
    expect(signedIn.status).toBe(200);
    expect(signedIn.body).toMatchObject({ state: 'signed-in', user: { username: 'thuky' }, csrfToken: thuky.csrf });
    expect((await t.get(null, '/api/me')).status).toBe(401);
    expect((await t.get(null, '/api/units/01')).status).toBe(401);
  });
});
