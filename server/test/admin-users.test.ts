/**
 * Accounts administered from the browser: listing and filtering on the server, creating with a
 * one-time password, editing, disabling (which ends sessions), resetting, and the scope rules of
 * a district secretariat.
 */
import type { AdminUser, UserCreated, UsersReply } from '@tiendo/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type Session, type TestContext } from './helpers.ts';

let t: TestContext;
let thuky: Session;
let admin: Session;
/** A secretariat of Ba Đình (001), created for these tests. */
let district: Session;
const DISTRICT_PASSWORD = 'thu-ky-ba-dinh-2026';

const send = (method: 'POST' | 'PATCH' | 'PUT', url: string, s: Session | null, payload?: unknown) =>
  t.app.inject({ method, url, headers: s?.headers ?? {}, ...(payload === undefined ? {} : { payload: payload as object }) });

function auditOf(action: string, target: string) {
  return t.db.sqlite
    .prepare('SELECT actor, before, after FROM audit_log WHERE action = ? AND target = ? ORDER BY id DESC LIMIT 1')
    .get(action, target) as { actor: string; before: string | null; after: string | null } | undefined;
}

beforeAll(async () => {
  t = await createTestApp({ demo: true });
  thuky = await t.login('thuky');
  admin = await t.login('admin');
  await t.app.services.users.create(
    { username: 'thuky.badinh', displayName: 'Thư ký Ba Đình', unitCode: '001', role: 'secretariat', password: DISTRICT_PASSWORD },
    null,
  );
  district = await t.login('thuky.badinh', DISTRICT_PASSWORD);
});
afterAll(() => t.close());

describe('GET /api/users', () => {
  it('pages and filters on the server', async () => {
    const all = await t.get<UsersReply>(admin, '/api/users?pageSize=2');
    expect(all.status).toBe(200);
    expect(all.body.users).toHaveLength(2);
    expect(all.body.total).toBeGreaterThanOrEqual(7);
    const page2 = await t.get<UsersReply>(admin, '/api/users?pageSize=2&page=2');
    expect(page2.body.users[0]?.username).not.toBe(all.body.users[0]?.username);

    const approvers = await t.get<UsersReply>(admin, '/api/users?role=approver');
    expect(approvers.body.users.map((u) => u.username).sort()).toEqual(['badinh', 'phucxa']);
    const inBaDinh = await t.get<UsersReply>(admin, '/api/users?unit=001');
    expect(inBaDinh.body.users.map((u) => u.username)).toEqual(expect.arrayContaining(['badinh', 'phucxa', 'to1.phucxa', 'thuky.badinh']));
    expect(inBaDinh.body.users.map((u) => u.username)).not.toContain('thuky');
    const search = await t.get<UsersReply>(admin, '/api/users?q=Ph%C3%BAc%20X%C3%A1');
    expect(search.body.users.map((u) => u.username)).toEqual(expect.arrayContaining(['phucxa', 'to1.phucxa']));
    const literal = await t.get<UsersReply>(admin, '/api/users?q=%25');
    expect(literal.body.total).toBe(0);
    expect(literal.body.users).toEqual([]);
    expect(all.body.users[0]).not.toHaveProperty('passwordHash');
  });

  it('shows a district secretariat only its subtree', async () => {
    const r = await t.get<UsersReply>(district, '/api/users?pageSize=200');
    expect(r.status).toBe(200);
    const names = r.body.users.map((u) => u.username);
    expect(names).toContain('phucxa');
    expect(names).not.toContain('thuky');
    expect(names).not.toContain('admin');
    expect((await t.get(district, '/api/users?unit=002')).status).toBe(403);
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
    const body = { username: 'badinh', displayName: 'X', unit: '001', role: 'reporter' };
    expect((await send('POST', '/api/users', thuky, body)).statusCode).toBe(409);
    expect((await send('POST', '/api/users', thuky, { ...body, username: 'nguoi.moi', unit: '99999' })).statusCode).toBe(400);
    expect((await send('POST', '/api/users', thuky, { ...body, username: 'Có Dấu' })).statusCode).toBe(400);
    expect((await send('POST', '/api/users', thuky, { ...body, username: 'nguoi.moi', displayName: '  ' })).statusCode).toBe(400);
    expect((await send('POST', '/api/users', thuky, { ...body, username: 'nguoi.moi', role: 'king' })).statusCode).toBe(400);
    expect(t.app.services.users.find('nguoi.moi')).toBeNull();
  });
});

describe('scope of a district secretariat', () => {
  it('creates accounts within its district, with a role up to its own', async () => {
    const r = await send('POST', '/api/users', district, { username: 'bd.lanhdao', displayName: 'Lãnh đạo', unit: '001', role: 'leader' });
    expect(r.statusCode).toBe(201);
    const s = await send('POST', '/api/users', district, {
      username: 'bd.thuky2',
      displayName: 'Thư ký 2',
      unit: '00001',
      role: 'secretariat',
    });
    expect(s.statusCode).toBe(201);
  });

  it('cannot create an account in another district', async () => {
    const r = await send('POST', '/api/users', district, { username: 'td.to1', displayName: 'Tây Hồ', unit: '003', role: 'reporter' });
    expect(r.statusCode).toBe(403);
    expect((r.json() as { error: { message: string } }).error.message).toMatch(/phạm vi/);
    expect(t.app.services.users.find('td.to1')).toBeNull();
  });

  it('cannot grant a role above its own', async () => {
    const r = await send('POST', '/api/users', district, { username: 'bd.admin', displayName: 'Quản trị', unit: '001', role: 'admin' });
    expect(r.statusCode).toBe(403);
    expect(t.app.services.users.find('bd.admin')).toBeNull();
    const promote = await send('PATCH', '/api/users/badinh', district, { role: 'admin' });
    expect(promote.statusCode).toBe(403);
  });

  it('cannot move an account out of its district, nor touch accounts outside it', async () => {
    expect((await send('PATCH', '/api/users/badinh', district, { unit: '002' })).statusCode).toBe(403);
    expect((await send('PATCH', '/api/users/thuky', district, { displayName: 'X' })).statusCode).toBe(403);
    expect((await send('POST', '/api/users/lanhdao/reset-password', district, {})).statusCode).toBe(403);
    expect((await send('PATCH', '/api/users/admin', district, { active: false })).statusCode).toBe(403);
  });

  it('cannot change the catalogue, targets or calendar (top level only)', async () => {
    expect((await send('PATCH', '/api/kpis/van_ban_chi_dao', district, { name: 'X' })).statusCode).toBe(403);
    expect((await send('PUT', '/api/kpis/tthc_tich_hop/targets', district, [])).statusCode).toBe(403);
    expect((await send('PUT', '/api/settings/reporting', district, { cutoffDay: 1, deadlineDays: 1, graceDays: 1 })).statusCode).toBe(403);
  });
});

describe('editing, disabling and resetting', () => {
  it('changes display name, unit and role, audited with before and after', async () => {
    await send('POST', '/api/users', thuky, { username: 'sua.doi', displayName: 'Sửa đổi', unit: '00001', role: 'reporter' });
    const r = await send('PATCH', '/api/users/sua.doi', thuky, { displayName: 'Đã sửa', unit: '00004', role: 'approver' });
    expect(r.statusCode).toBe(200);
    expect(r.json() as AdminUser).toMatchObject({ displayName: 'Đã sửa', unit: { code: '00004' }, role: 'approver' });
    const a = auditOf('user.update', 'sua.doi');
    expect(a?.actor).toBe('thuky');
    expect(JSON.parse(a?.before ?? '{}')).toEqual({ displayName: 'Sửa đổi', unit: '00001', role: 'reporter' });
    expect(JSON.parse(a?.after ?? '{}')).toEqual({ displayName: 'Đã sửa', unit: '00004', role: 'approver' });
    expect((await send('PATCH', '/api/users/sua.doi', thuky, {})).statusCode).toBe(400);
    expect((await send('PATCH', '/api/users/khong.co', thuky, { displayName: 'X' })).statusCode).toBe(404);
  });

  it('disabling ends the sessions and revokes the tokens at once; enabling lets the user back', async () => {
    await t.app.services.users.create(
      { username: 'khoa.tk', displayName: 'Khóa', unitCode: '00001', role: 'approver', password: 'mat-khau-khoa-2026' },
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
      { username: 'quen.mk', displayName: 'Quên', unitCode: '00001', role: 'reporter', password: 'mat-khau-quen-2026' },
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
  it('searches without accents, filters by parent and level, pages, and stays in scope', async () => {
    const r = await t.get<{ total: number; units: { code: string; parent: { code: string } | null }[] }>(
      thuky,
      '/api/units?q=phuc%20xa&level=3',
    );
    expect(r.status).toBe(200);
    expect(r.body.units.map((u) => u.code)).toContain('00001');
    const teams = await t.get<{ total: number; units: { code: string }[] }>(thuky, '/api/units?parent=00001&pageSize=5');
    expect(teams.body.units).toHaveLength(5);
    expect(teams.body.total).toBeGreaterThan(5);
    const inDistrict = await t.get<{ total: number; units: { code: string }[] }>(district, '/api/units?level=2');
    expect(inDistrict.body.units.map((u) => u.code)).toEqual(['001']);
  });
});
