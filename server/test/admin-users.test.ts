/**
 * Accounts administered from the browser: listing and filtering on the server, creating with a
 * one-time password, editing, disabling (which ends sessions), resetting, the scope rules of a
 * commune secretariat, and accounts on the map of today: none is opened on a unit that has ended,
 * and an account of an ended unit can be moved to its successor.
 */
import { reformedWorld } from '@tiendo/seed/factories';
import type { AdminUser, ReportReply, UserCreated, UsersReply } from '@tiendo/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_OPEN } from './constants.ts';
import { createTestApp, type Session, type TestContext } from './helpers.ts';

let t: TestContext;
let thuky: Session;
let admin: Session;
/** A secretariat of Phường Hồng Hà (00097 since 2025-07), created for these tests. */
let commune: Session;
const COMMUNE_PASSWORD = 'thu-ky-hong-ha-2026';

const send = (method: 'POST' | 'PATCH' | 'PUT', url: string, s: Session | null, payload?: unknown) =>
  t.app.inject({ method, url, headers: s?.headers ?? {}, ...(payload === undefined ? {} : { payload: payload as object }) });

function auditOf(action: string, target: string) {
  return t.db.sqlite
    .prepare('SELECT actor, before, after FROM audit_log WHERE action = ? AND target = ? ORDER BY id DESC LIMIT 1')
    .get(action, target) as { actor: string; before: string | null; after: string | null } | undefined;
}

beforeAll(async () => {
  // Hà Nội across the 2025 reform; Hồng Hà with the nine teams that came from Phúc Xá and one from Phúc Tân.
  t = await createTestApp({ world: reformedWorld({ teams: [9, 1] }) });
  thuky = await t.login('thuky');
  admin = await t.login('admin');
  await t.app.services.users.create(
    { username: 'thuky.hongha', displayName: 'Thư ký Hồng Hà', unitCode: '00097', role: 'secretariat', password: COMMUNE_PASSWORD },
    null,
  );
  commune = await t.login('thuky.hongha', COMMUNE_PASSWORD);
});
afterAll(() => t.close());

describe('GET /api/users', () => {
  it('pages and filters on the server', async () => {
    const all = await t.get<UsersReply>(admin, '/api/users?pageSize=2');
    expect(all.status).toBe(200);
    expect(all.body.users).toHaveLength(2);
    expect(all.body.total).toBeGreaterThanOrEqual(9);
    const page2 = await t.get<UsersReply>(admin, '/api/users?pageSize=2&page=2');
    expect(page2.body.users[0]?.username).not.toBe(all.body.users[0]?.username);

    const approvers = await t.get<UsersReply>(admin, '/api/users?role=approver');
    expect(approvers.body.users.map((u) => u.username).sort()).toEqual(['badinh', 'hongha', 'phucxa', 'phuongbadinh']);
    // the demo's reporter account of every team and commune (`bc.<code>`) aside
    const usernames = async (query: string) =>
      (await t.get<UsersReply>(admin, `/api/users?pageSize=200&${query}`)).body.users
        .map((u) => u.username)
        .filter((u) => !u.startsWith('bc.'))
        .sort();
    // A unit filter reads today's map: Tổ dân phố số 1 of Phúc Xá has belonged to Hồng Hà since 2025-07…
    expect(await usernames('unit=00097')).toEqual(['hongha', 'thuky.hongha', 'to1.phucxa']);
    expect((await t.get<UsersReply>(admin, '/api/users?unit=00097&q=bc.00001-01')).body.users.map((u) => u.username)).toEqual([
      'bc.00001-01',
    ]);
    // …while the accounts of the ended Quận Ba Đình and Phường Phúc Xá stay where they were.
    expect(await usernames('unit=001')).toEqual(['badinh', 'phucxa']);
    // `00004` names today's Phường Ba Đình, not Trúc Bạch, which carried the code until 2025-06.
    expect(await usernames('unit=00004')).toEqual(['phuongbadinh']);
    const search = await t.get<UsersReply>(admin, '/api/users?q=Ph%C3%BAc%20X%C3%A1');
    expect(search.body.users.map((u) => u.username)).toEqual(expect.arrayContaining(['phucxa', 'to1.phucxa']));
    const literal = await t.get<UsersReply>(admin, '/api/users?q=%25');
    expect(literal.body.total).toBe(0);
    expect(literal.body.users).toEqual([]);
    expect(all.body.users[0]).not.toHaveProperty('passwordHash');
  });

  it('shows a commune secretariat only its subtree', async () => {
    const r = await t.get<UsersReply>(commune, '/api/users?pageSize=200');
    expect(r.status).toBe(200);
    const names = r.body.users.map((u) => u.username);
    expect(names).toEqual(expect.arrayContaining(['hongha', 'thuky.hongha', 'to1.phucxa']));
    for (const other of ['thuky', 'admin', 'badinh', 'phuongbadinh']) expect(names).not.toContain(other);
    expect((await t.get(commune, '/api/users?unit=00004')).status).toBe(403);
  });

  it('refuses roles below the secretariat', async () => {
    for (const u of ['lanhdao', 'badinh', 'to1.phucxa']) {
      expect((await t.get(await t.login(u), '/api/users')).status).toBe(403);
    }
  });
});

describe('creating an account and its one-time password', () => {
  it('creates a user; the user must change the password before any data route', async () => {
    const r = await send('POST', '/api/users', thuky, {
      username: 'to9.phucxa',
      displayName: 'Tổ công tác 06 – Tổ dân phố số 9, Phúc Xá',
      unit: '00001-09',
      role: 'reporter',
    });
    expect(r.statusCode).toBe(201);
    const created = r.json() as UserCreated;
    expect(created.user).toMatchObject({ username: 'to9.phucxa', role: 'reporter', unit: { code: '00001-09' }, mustChangePassword: true });
    expect(created.temporaryPassword).toMatch(/^[a-z2-9]{4}(-[a-z2-9]{4}){3}$/);
    expect(JSON.parse(auditOf('user.create', 'to9.phucxa')?.after ?? '{}')).toMatchObject({ unit: '00001-09', role: 'reporter' });

    const s = await t.login('to9.phucxa', created.temporaryPassword);
    const me = await t.get<{ mustChangePassword: boolean; user: { unit: { code: string } } }>(s, '/api/me');
    expect(me.body.mustChangePassword).toBe(true);
    expect(me.body.user.unit.code).toBe('00001-09');
    expect((await t.get(s, '/api/units/00001-09/figures?period=2026-11')).status).toBe(403);
    expect((await t.get(s, '/api/kpis')).status).toBe(403);

    const weak = await send('POST', '/api/me/password', s, { currentPassword: created.temporaryPassword, newPassword: 'password' });
    expect(weak.statusCode).toBe(400);
    const ok = await send('POST', '/api/me/password', s, {
      currentPassword: created.temporaryPassword,
      newPassword: 'to-chin-phuc-xa-2026',
    });
    expect(ok.statusCode).toBe(200);
    const fresh = await t.login('to9.phucxa', 'to-chin-phuc-xa-2026');
    expect((await t.get<{ mustChangePassword: boolean }>(fresh, '/api/me')).body.mustChangePassword).toBe(false);
    expect((await t.get(fresh, '/api/units/00001-09/figures?period=2026-11')).status).toBe(200);
    // The one-time password is spent.
    const old = await send('POST', '/api/auth/login', null, { username: 'to9.phucxa', password: created.temporaryPassword });
    expect(old.statusCode).toBe(401);
  });

  it('refuses a taken username (409), an unknown unit and a malformed body (400)', async () => {
    const body = { username: 'badinh', displayName: 'X', unit: '00097', role: 'reporter' };
    expect((await send('POST', '/api/users', thuky, body)).statusCode).toBe(409);
    expect((await send('POST', '/api/users', thuky, { ...body, username: 'nguoi.moi', unit: '99999' })).statusCode).toBe(400);
    expect((await send('POST', '/api/users', thuky, { ...body, username: 'Có Dấu' })).statusCode).toBe(400);
    expect((await send('POST', '/api/users', thuky, { ...body, username: 'nguoi.moi', displayName: '  ' })).statusCode).toBe(400);
    expect((await send('POST', '/api/users', thuky, { ...body, username: 'nguoi.moi', role: 'king' })).statusCode).toBe(400);
    expect(t.app.services.users.find('nguoi.moi')).toBeNull();
  });

  it('opens no account on a unit that has ended, and says so', async () => {
    // Phường Phúc Xá (00001) and Quận Ba Đình (001) ended on 2025-06-30.
    for (const unit of ['00001', '001']) {
      const r = await send('POST', '/api/users', thuky, { username: 'nguoi.cu', displayName: 'Người cũ', unit, role: 'reporter' });
      expect(r.statusCode).toBe(400);
      expect((r.json() as { error: { message: string } }).error.message).toMatch(
        new RegExp(`không còn hoạt động / unit "${unit}" no longer exists`),
      );
    }
    expect(t.app.services.users.find('nguoi.cu')).toBeNull();
  });
});

describe('scope of a commune secretariat (Phường Hồng Hà, on the map of today)', () => {
  it('creates accounts within its commune, with a role up to its own', async () => {
    const r = await send('POST', '/api/users', commune, { username: 'hh.lanhdao', displayName: 'Lãnh đạo', unit: '00097', role: 'leader' });
    expect(r.statusCode).toBe(201);
    expect((r.json() as UserCreated).user.unit).toMatchObject({ code: '00097', name: 'Hồng Hà', level: 3 });
    // A team that came from Phúc Xá in 2025-07 is within Hồng Hà now.
    const s = await send('POST', '/api/users', commune, {
      username: 'hh.to2',
      displayName: 'Tổ dân phố số 2',
      unit: '00001-02',
      // a task team has reporters only (rolesForTier)
      role: 'reporter',
    });
    expect(s.statusCode).toBe(201);
    expect((s.json() as UserCreated).user.unit.code).toBe('00001-02');
  });

  it('cannot create an account in another commune', async () => {
    const r = await send('POST', '/api/users', commune, { username: 'bd.to1', displayName: 'Ba Đình', unit: '00004', role: 'reporter' });
    expect(r.statusCode).toBe(403);
    expect((r.json() as { error: { message: string } }).error.message).toMatch(/phạm vi/);
    expect(t.app.services.users.find('bd.to1')).toBeNull();
    // Nor on Phúc Xá, one of the communes Hồng Hà was made from: it has ended.
    const ended = await send('POST', '/api/users', commune, {
      username: 'px.to1',
      displayName: 'Phúc Xá',
      unit: '00001',
      role: 'reporter',
    });
    expect(ended.statusCode).toBe(400);
    expect(t.app.services.users.find('px.to1')).toBeNull();
  });

  it('cannot grant a role above its own', async () => {
    const r = await send('POST', '/api/users', commune, { username: 'hh.admin', displayName: 'Quản trị', unit: '00097', role: 'admin' });
    expect(r.statusCode).toBe(403);
    expect(t.app.services.users.find('hh.admin')).toBeNull();
    const promote = await send('PATCH', '/api/users/hongha', commune, { role: 'admin' });
    expect(promote.statusCode).toBe(403);
  });

  it('cannot move an account out of its commune, nor touch accounts outside it', async () => {
    expect((await send('PATCH', '/api/users/hongha', commune, { unit: '00004' })).statusCode).toBe(403);
    expect((await send('PATCH', '/api/users/phuongbadinh', commune, { displayName: 'X' })).statusCode).toBe(403);
    expect((await send('PATCH', '/api/users/thuky', commune, { displayName: 'X' })).statusCode).toBe(403);
    expect((await send('POST', '/api/users/lanhdao/reset-password', commune, {})).statusCode).toBe(403);
    expect((await send('PATCH', '/api/users/admin', commune, { active: false })).statusCode).toBe(403);
    expect(t.app.services.users.find('hongha')?.unitId).toBe(t.app.services.catalog.unitAt('00097', TEST_OPEN).id);
  });

  it('cannot change the catalogue, targets or calendar (top level only)', async () => {
    expect((await send('PATCH', '/api/kpis/van_ban_chi_dao', commune, { name: 'X' })).statusCode).toBe(403);
    expect((await send('PUT', '/api/kpis/tthc_tich_hop/targets', commune, [])).statusCode).toBe(403);
    expect((await send('PUT', '/api/settings/reporting', commune, { cutoffDay: 1, deadlineDays: 1, graceDays: 1 })).statusCode).toBe(403);
  });
});

describe('editing, disabling and resetting', () => {
  it('changes display name, unit and role, audited with before and after', async () => {
    const created = await send('POST', '/api/users', thuky, {
      username: 'sua.doi',
      displayName: 'Sửa đổi',
      unit: '00097',
      role: 'reporter',
    });
    expect(created.statusCode).toBe(201);
    const r = await send('PATCH', '/api/users/sua.doi', thuky, { displayName: 'Đã sửa', unit: '00004', role: 'approver' });
    expect(r.statusCode).toBe(200);
    // `00004` is today's Phường Ba Đình.
    expect(r.json() as AdminUser).toMatchObject({ displayName: 'Đã sửa', unit: { code: '00004', name: 'Ba Đình' }, role: 'approver' });
    const a = auditOf('user.update', 'sua.doi');
    expect(a?.actor).toBe('thuky');
    expect(JSON.parse(a?.before ?? '{}')).toEqual({ displayName: 'Sửa đổi', unit: '00097', role: 'reporter' });
    expect(JSON.parse(a?.after ?? '{}')).toEqual({ displayName: 'Đã sửa', unit: '00004', role: 'approver' });
    expect((await send('PATCH', '/api/users/sua.doi', thuky, {})).statusCode).toBe(400);
    expect((await send('PATCH', '/api/users/khong.co', thuky, { displayName: 'X' })).statusCode).toBe(404);
  });

  it("moves an account of an ended unit to its successor, which then decides the successor's reports", async () => {
    const phucxa = await t.login('phucxa');
    const team = await t.login('to1.phucxa');
    const report = `/api/units/00001-01/reports/${TEST_OPEN}`;
    // Tổ dân phố số 1 reports for the open month to Phường Hồng Hà, which took Phúc Xá in 2025-07.
    const form = (await t.get<ReportReply>(team, report)).body;
    const previous = (k: string) => form.kpis.find((x) => x.code === k)?.previous;
    const saved = await send('PUT', report, team, {
      version: form.version,
      values: {
        dinh_danh_tiep_nhan: (previous('dinh_danh_tiep_nhan') as number | null) ?? 5,
        cccd_thu_nhan: (previous('cccd_thu_nhan') as number | null) ?? 5,
        lam_sach_dan_cu: (previous('lam_sach_dan_cu') as { numerator: number; denominator: number } | null) ?? {
          numerator: 1,
          denominator: 1,
        },
      },
    });
    expect(saved.statusCode).toBe(200);
    const submitted = await send('POST', `${report}/submit`, team, { version: (saved.json() as ReportReply).version });
    expect((submitted.json() as ReportReply).state).toBe('submitted');

    // Phúc Xá ended on 2025-06-30: its account decides nothing in Hồng Hà.
    expect((await send('POST', `${report}/approve`, phucxa)).statusCode).toBe(403);

    const moved = await send('PATCH', '/api/users/phucxa', thuky, { unit: '00097' });
    expect(moved.statusCode).toBe(200);
    expect(moved.json() as AdminUser).toMatchObject({ username: 'phucxa', role: 'approver', unit: { code: '00097', name: 'Hồng Hà' } });
    const a = auditOf('user.update', 'phucxa');
    expect(JSON.parse(a?.before ?? '{}')).toMatchObject({ unit: '00001' });
    expect(JSON.parse(a?.after ?? '{}')).toMatchObject({ unit: '00097' });

    // The same session now approves for Hồng Hà, and still reads Phúc Xá's past (a predecessor).
    expect((await t.get<ReportReply>(phucxa, report)).body.canDecide).toBe(true);
    const approved = await send('POST', `${report}/approve`, phucxa);
    expect(approved.statusCode).toBe(200);
    expect(approved.json() as ReportReply).toMatchObject({ state: 'approved', decidedBy: 'phucxa' });
    expect((await t.get(phucxa, '/api/units/00001/figures?period=2025-06')).status).toBe(200);
    expect((await t.get(phucxa, '/api/units/00004/figures?period=2026-11')).status).toBe(403);
  });

  it('disabling ends the sessions and revokes the tokens at once; enabling lets the user back', async () => {
    await t.app.services.users.create(
      { username: 'khoa.tk', displayName: 'Khóa', unitCode: '00097', role: 'approver', password: 'mat-khau-khoa-2026' },
      null,
    );
    const s = await t.login('khoa.tk', 'mat-khau-khoa-2026');
    const tok = (await send('POST', '/api/tokens', s, { name: 'kho' })).json() as { token: string };
    const bearer = { authorization: `Bearer ${tok.token}` };
    expect((await t.app.inject({ url: '/api/me', headers: bearer })).statusCode).toBe(200);

    const r = await send('PATCH', '/api/users/khoa.tk', thuky, { active: false });
    expect(r.statusCode).toBe(200);
    expect((r.json() as AdminUser).active).toBe(false);
    expect((await t.get(s, '/api/me')).status).toBe(401);
    expect((await t.app.inject({ url: '/api/me', headers: bearer })).statusCode).toBe(401);
    expect((await send('POST', '/api/auth/login', null, { username: 'khoa.tk', password: 'mat-khau-khoa-2026' })).statusCode).toBe(401);
    expect(JSON.parse(auditOf('user.disable', 'khoa.tk')?.before ?? '{}')).toEqual({ active: true });
    const disabled = await t.get<UsersReply>(thuky, '/api/users?state=disabled');
    expect(disabled.body.users.map((u) => u.username)).toContain('khoa.tk');

    expect((await send('PATCH', '/api/users/khoa.tk', thuky, { active: true })).statusCode).toBe(200);
    await t.login('khoa.tk', 'mat-khau-khoa-2026');
  });

  it('resets a password: one-time, sessions ended, audited', async () => {
    await t.app.services.users.create(
      { username: 'quen.mk', displayName: 'Quên', unitCode: '00097', role: 'reporter', password: 'mat-khau-quen-2026' },
      null,
    );
    const s = await t.login('quen.mk', 'mat-khau-quen-2026');
    const r = await send('POST', '/api/users/quen.mk/reset-password', thuky, {});
    expect(r.statusCode).toBe(200);
    const { temporaryPassword } = r.json() as { temporaryPassword: string };
    expect((await t.get(s, '/api/me')).status).toBe(401);
    const again = await t.login('quen.mk', temporaryPassword);
    expect((await t.get<{ mustChangePassword: boolean }>(again, '/api/me')).body.mustChangePassword).toBe(true);
    const pending = await t.get<UsersReply>(thuky, '/api/users?state=pending&q=quen');
    expect(pending.body.users.map((u) => u.username)).toEqual(['quen.mk']);
    expect(auditOf('user.password_reset', 'quen.mk')?.actor).toBe('thuky');
  });

  it('does not let anyone lock themselves out', async () => {
    expect((await send('PATCH', '/api/users/thuky', thuky, { active: false })).statusCode).toBe(403);
    expect((await send('PATCH', '/api/users/admin', admin, { role: 'reporter' })).statusCode).toBe(403);
    expect((await send('POST', '/api/users/thuky/reset-password', thuky, {})).statusCode).toBe(403);
    expect((await send('PATCH', '/api/users/thuky', thuky, { displayName: 'Thường trực BCĐ 06' })).statusCode).toBe(200);
  });
});

describe('GET /api/units (pickers)', () => {
  type Picked = { total: number; units: { code: string; level: number; validTo: string | null; parent: { code: string } | null }[] };
  const codes = (r: { body: Picked }) => r.body.units.map((u) => u.code);

  it('searches without accents, filters by parent and level, pages, and stays in scope', async () => {
    const r = await t.get<Picked>(thuky, '/api/units?q=hong%20ha&level=3');
    expect(r.status).toBe(200);
    expect(codes(r)).toContain('00097');
    const teams = await t.get<Picked>(thuky, '/api/units?parent=00097&pageSize=5');
    expect(teams.body.units).toHaveLength(5);
    expect(teams.body.total).toBeGreaterThan(5);
    expect(codes(await t.get<Picked>(thuky, '/api/units?parent=00097&q=00001-01'))).toEqual(['00001-01']);
    const inCommune = await t.get<Picked>(commune, '/api/units?level=3');
    expect(codes(inCommune)).toEqual(['00097']);
    const itsTeams = await t.get<Picked>(commune, '/api/units?level=4&pageSize=200');
    expect(itsTeams.body.total).toBe(teams.body.total);
    expect(itsTeams.body.units.every((u) => u.parent?.code === '00097')).toBe(true);
  });

  it("lists today's units by default, and the ended ones only when asked", async () => {
    // The city's children today are all of today's communes; no district remains.
    expect((await t.get<Picked>(thuky, '/api/units?level=2')).body.total).toBe(0);
    const communes = (await t.get<Picked>(thuky, '/api/units?level=3&pageSize=200')).body;
    expect(communes.total).toBeGreaterThan(1);
    expect(communes.units.every((u) => u.parent?.code === '01')).toBe(true);
    expect((await t.get<Picked>(thuky, '/api/units?parent=01&pageSize=1')).body.total).toBe(communes.total);
    const today = await t.get<Picked>(thuky, '/api/units?q=phuc%20xa&level=3');
    expect(codes(today)).not.toContain('00001');
    expect(today.body.units.every((u) => u.validTo === null)).toBe(true);
    const all = await t.get<Picked>(thuky, '/api/units?q=phuc%20xa&level=3&all=true');
    expect(all.body.units.find((u) => u.code === '00001')).toMatchObject({ validTo: '2025-06', parent: { code: '001' } });
    // Phúc Xá has no teams on today's map: they went to Hồng Hà.
    expect((await t.get<Picked>(thuky, '/api/units?parent=00001')).body.total).toBe(0);
  });
});
