import { reformedWorld } from '@tiendo/seed/factories';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startupProblem } from '../src/services/demo-service.ts';
import { createTestApp, DEMO_PASSWORD, type TestContext } from './helpers.ts';

/**
 * Hà Nội across the 2025 reform: the districts `001`–`003` and Phường Phúc Xá (`00001`, with its
 * teams until 2025-06) whose accounts read the past, Trúc Bạch (`00004`) beside Phúc Xá.
 */
const WORLD = reformedWorld();
let t: TestContext;
beforeAll(async () => {
  t = await createTestApp({ world: WORLD });
});
afterAll(() => t.close());

const post = (url: string, payload: unknown, headers: Record<string, string> = {}) =>
  t.app.inject({ method: 'POST', url, payload: payload as object, headers });

describe('sign-in and sessions', () => {
  it('signs in, sets an HttpOnly SameSite=Lax cookie, returns the user and a CSRF token, never the password', async () => {
    const r = await post('/api/auth/login', { username: 'phucxa', password: DEMO_PASSWORD });
    expect(r.statusCode).toBe(200);
    const body = r.json() as { user: { username: string; role: string; unit: { code: string } }; csrfToken: string };
    expect(body.user).toMatchObject({ username: 'phucxa', role: 'approver', unit: { code: '00001' } });
    expect(body.csrfToken.length).toBeGreaterThan(20);
    expect(r.body).not.toMatch(/scrypt|password_hash|passwordHash/);
    const cookie = r.cookies.find((c) => c.name === 'tiendo_session');
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Lax', path: '/' });
    expect(cookie?.secure).toBeFalsy();
    const me = await t.app.inject({ url: '/api/me', headers: { cookie: `tiendo_session=${cookie?.value}` } });
    expect(me.json()).toMatchObject({ user: { username: 'phucxa' }, csrfToken: body.csrfToken });
  });

  it('marks the cookie Secure behind an HTTPS proxy only when TRUST_PROXY is on', async () => {
    const proxied = await createTestApp({ world: WORLD, trustProxy: true });
    try {
      const https = await proxied.app.inject({
        method: 'POST',
        url: '/api/auth/login',
        payload: { username: 'lanhdao', password: DEMO_PASSWORD },
        headers: { 'x-forwarded-proto': 'https' },
      });
      expect(https.cookies.find((c) => c.name === 'tiendo_session')?.secure).toBe(true);
    } finally {
      await proxied.close();
    }
    const r = await post('/api/auth/login', { username: 'lanhdao', password: DEMO_PASSWORD }, { 'x-forwarded-proto': 'https' });
    // trustProxy is off in tests: a forged header does not make the server believe it is on HTTPS.
    expect(r.cookies.find((c) => c.name === 'tiendo_session')?.secure).toBeFalsy();
  });

  it('answers a wrong username and a wrong password with the same 401', async () => {
    const a = await post('/api/auth/login', { username: 'nobody-here', password: 'whatever-it-is' });
    const b = await post('/api/auth/login', { username: 'badinh', password: 'not-the-password' });
    expect(a.statusCode).toBe(401);
    expect(b.statusCode).toBe(401);
    expect(a.json()).toEqual(b.json());
  });

  it('refuses data to anyone not signed in, but serves health and login', async () => {
    expect((await t.app.inject('/api/health')).statusCode).toBe(200);
    for (const url of ['/api/me', '/api/kpis', '/api/periods', '/api/units/01', '/api/units/01/figures?period=2022-09', '/api/audit']) {
      const r = await t.app.inject(url);
      expect([url, r.statusCode]).toEqual([url, 401]);
    }
    const bogus = await t.app.inject({ url: '/api/me', headers: { cookie: 'tiendo_session=forged' } });
    expect(bogus.statusCode).toBe(401);
  });

  it('requires the CSRF token on cookie-authenticated writes', async () => {
    const s = await t.login('badinh');
    const without = await post('/api/tokens', { name: 'x' }, { cookie: s.headers.cookie as string });
    expect(without.statusCode).toBe(403);
    const wrong = await post('/api/tokens', { name: 'x' }, { cookie: s.headers.cookie as string, 'x-csrf-token': 'nope' });
    expect(wrong.statusCode).toBe(403);
    const right = await post('/api/tokens', { name: 'x' }, s.headers);
    expect(right.statusCode).toBe(201);
  });

  it('ends the session on logout', async () => {
    const s = await t.login('badinh');
    expect((await post('/api/auth/logout', {}, s.headers)).statusCode).toBe(200);
    expect((await t.get(s, '/api/me')).status).toBe(401);
  });

  it('ends idle and expired sessions', async () => {
    const idle = await t.login('badinh');
    const old = new Date(Date.now() - 3 * 3600_000).toISOString();
    t.db.sqlite.prepare('UPDATE sessions SET last_seen_at = ? WHERE csrf_token = ?').run(old, idle.csrf);
    expect((await t.get(idle, '/api/me')).status).toBe(401);
    const expired = await t.login('badinh');
    t.db.sqlite
      .prepare('UPDATE sessions SET expires_at = ? WHERE csrf_token = ?')
      .run(new Date(Date.now() - 1000).toISOString(), expired.csrf);
    expect((await t.get(expired, '/api/me')).status).toBe(401);
  });

  it('ends a session at once when another process ends it, though this one has already read it', async () => {
    const a = await t.login('badinh');
    const b = await t.login('badinh');
    expect((await t.get(a, '/api/me')).status).toBe(200);
    expect((await t.get(b, '/api/me')).status).toBe(200);
    // Another process (the `npm run user` CLI, a second server) writes through its own connection.
    const other = new Database(t.path);
    try {
      other.prepare('DELETE FROM sessions WHERE csrf_token = ?').run(a.csrf);
      expect((await t.get(a, '/api/me')).status).toBe(401);
      expect((await t.get(b, '/api/me')).status).toBe(200);
      other.prepare(`UPDATE users SET active = 0 WHERE username = 'badinh'`).run();
      expect((await t.get(b, '/api/me')).status).toBe(401);
      other.prepare(`UPDATE users SET active = 1 WHERE username = 'badinh'`).run();
    } finally {
      other.close();
    }
  });

  it('ends every session of an account disabled by an administrator, at the next request', async () => {
    await t.app.services.users.create(
      { username: 'tamngung', displayName: 'Tạm ngừng', unitCode: '002', role: 'reporter', password: 'mot-mat-khau-dai' },
      null,
    );
    const s = await t.login('tamngung', 'mot-mat-khau-dai');
    expect((await t.get(s, '/api/me')).status).toBe(200);
    const admin = await t.login('admin');
    const off = await t.app.inject({ method: 'PATCH', url: '/api/users/tamngung', payload: { active: false }, headers: admin.headers });
    expect(off.statusCode, off.body).toBe(200);
    expect((await t.get(s, '/api/me')).status).toBe(401);
  });

  it('changes the password: rules checked, every other session ended, a fresh one issued', async () => {
    await t.app.services.users.create(
      { username: 'doimk', displayName: 'Đổi mật khẩu', unitCode: '002', role: 'reporter', password: 'mot-mat-khau-dai' },
      null,
    );
    const a = await t.login('doimk', 'mot-mat-khau-dai');
    const b = await t.login('doimk', 'mot-mat-khau-dai');
    const weak = await post('/api/me/password', { currentPassword: 'mot-mat-khau-dai', newPassword: 'short' }, a.headers);
    expect(weak.statusCode).toBe(400);
    const wrong = await post('/api/me/password', { currentPassword: 'sai', newPassword: 'hai-mat-khau-moi' }, a.headers);
    expect(wrong.statusCode).toBe(400);
    const ok = await post('/api/me/password', { currentPassword: 'mot-mat-khau-dai', newPassword: 'hai-mat-khau-moi' }, a.headers);
    expect(ok.statusCode).toBe(200);
    expect((await t.get(a, '/api/me')).status).toBe(401);
    expect((await t.get(b, '/api/me')).status).toBe(401);
    const fresh = ok.cookies.find((c) => c.name === 'tiendo_session')?.value;
    expect((await t.app.inject({ url: '/api/me', headers: { cookie: `tiendo_session=${fresh}` } })).statusCode).toBe(200);
    await t.login('doimk', 'hai-mat-khau-moi');
  });

  it('sends a user with a one-time password to change it before any data route', async () => {
    const { temporaryPassword } = await t.app.services.users.create(
      { username: 'moi', displayName: 'Mới', unitCode: '00001', role: 'reporter' },
      null,
    );
    const s = await t.login('moi', temporaryPassword as string);
    expect((await t.get<{ mustChangePassword: boolean }>(s, '/api/me')).body.mustChangePassword).toBe(true);
    expect((await t.get(s, '/api/units/00001/figures?period=2022-09')).status).toBe(403);
    const r = await post('/api/me/password', { currentPassword: temporaryPassword, newPassword: 'mat-khau-rieng-2026' }, s.headers);
    expect(r.statusCode).toBe(200);
  });

  it('rate-limits failed sign-ins per username and address with a clear message, and successes do not count', async () => {
    await t.app.services.users.create(
      { username: 'khoa', displayName: 'Khóa', unitCode: '003', role: 'leader', password: 'mat-khau-that-dai' },
      null,
    );
    for (let i = 0; i < 5; i++)
      expect((await post('/api/auth/login', { username: 'khoa', password: 'mat-khau-that-dai' })).statusCode).toBe(200);
    for (let i = 0; i < 10; i++) expect((await post('/api/auth/login', { username: 'khoa', password: `wrong-${i}` })).statusCode).toBe(401);
    const blocked = await post('/api/auth/login', { username: 'khoa', password: 'mat-khau-that-dai' });
    expect(blocked.statusCode).toBe(429);
    expect((blocked.json() as { error: { message: string } }).error.message).toMatch(/thử lại sau \d+ phút.*try again in \d+ minutes/);
    // Another user from the same office address is not locked out.
    expect((await post('/api/auth/login', { username: 'lanhdao', password: DEMO_PASSWORD })).statusCode).toBe(200);
  });
});

describe('API tokens', () => {
  it('are shown once, stored hashed, read-only, scoped like their owner, and die when revoked', async () => {
    const s = await t.login('badinh');
    const created = await post('/api/tokens', { name: 'Kho dữ liệu quận' }, s.headers);
    const { id, token } = created.json() as { id: number; token: string };
    expect(token.startsWith('t06_')).toBe(true);
    const stored = t.db.sqlite.prepare('SELECT token_hash FROM api_tokens WHERE id = ?').pluck().get(id) as string;
    expect(stored).not.toContain(token);
    const bearer = { authorization: `Bearer ${token}` };
    expect((await t.app.inject({ url: '/api/units/001/figures?period=2022-09', headers: bearer })).statusCode).toBe(200);
    expect((await t.app.inject({ url: '/api/units/002/figures?period=2022-09', headers: bearer })).statusCode).toBe(403);
    expect((await t.app.inject({ method: 'POST', url: '/api/tokens', payload: { name: 'y' }, headers: bearer })).statusCode).toBe(403);
    const list = await t.get<{ id: number; lastUsedAt: string | null; name: string }[]>(s, '/api/tokens');
    const mine = list.body.find((x) => x.id === id);
    expect(mine?.lastUsedAt).not.toBeNull();
    expect(JSON.stringify(list.body)).not.toContain(token);
    expect((await t.app.inject({ method: 'DELETE', url: `/api/tokens/${id}`, headers: s.headers })).statusCode).toBe(200);
    expect((await t.app.inject({ url: '/api/units/001/figures?period=2022-09', headers: bearer })).statusCode).toBe(401);
  });

  it('cannot be revoked by someone else', async () => {
    const owner = await t.login('badinh');
    const { id } = (await post('/api/tokens', { name: 'z' }, owner.headers)).json() as { id: number };
    const other = await t.login('phucxa');
    expect((await t.app.inject({ method: 'DELETE', url: `/api/tokens/${id}`, headers: other.headers })).statusCode).toBe(404);
  });
});

describe('scope', () => {
  it("lets Phúc Xá's approver read Phúc Xá and its teams but not Ba Đình or another commune", async () => {
    const s = await t.login('phucxa');
    expect((await t.get(s, '/api/units/00001/figures?period=2022-09')).status).toBe(200);
    expect((await t.get(s, '/api/units/00001-02/figures?period=2022-09')).status).toBe(200);
    const denied = await t.get<{ error: { message: string } }>(s, '/api/units/001/figures?period=2022-09');
    expect(denied.status).toBe(403);
    expect(denied.body.error.message).toMatch(/Ba Đình/);
    expect((await t.get(s, '/api/units/00004/breakdown?kpi=lam_sach_dan_cu&period=2022-09')).status).toBe(403);
  });
});

describe('audit log', () => {
  it('records sign-ins and writes, and shows them to the secretariat within its scope only', async () => {
    await post('/api/auth/login', { username: 'phucxa', password: 'bad-password-x' });
    const s = await t.login('thuky');
    const r = await t.get<{ total: number; entries: { action: string; actor: string; unit: string | null }[] }>(s, '/api/audit?limit=500');
    expect(r.status).toBe(200);
    const actions = new Set(r.body.entries.map((e) => e.action));
    for (const a of ['login.success', 'login.failure', 'token.create', 'token.revoke', 'logout', 'user.password_change'])
      expect(actions).toContain(a);
    const filtered = await t.get<{ entries: { actor: string }[] }>(s, '/api/audit?user=badinh');
    expect(filtered.body.entries.length).toBeGreaterThan(0);
    expect(filtered.body.entries.every((e) => e.actor === 'badinh')).toBe(true);
    const byUnit = await t.get<{ entries: { unit: string }[] }>(s, '/api/audit?unit=00001');
    expect(byUnit.body.entries.every((e) => e.unit?.startsWith('00001'))).toBe(true);
    expect((await t.get(await t.login('lanhdao'), '/api/audit')).status).toBe(403);
    expect(() => t.db.sqlite.prepare('DELETE FROM audit_log').run()).toThrow(/append-only/);
  });
});

describe('hardening', () => {
  it('sends security headers with a Content-Security-Policy', async () => {
    const r = await t.app.inject('/api/health');
    expect(r.headers['content-security-policy']).toMatch(/default-src 'self'/);
    expect(r.headers['x-content-type-options']).toBe('nosniff');
  });

  it('limits the size of request bodies', async () => {
    const r = await post('/api/auth/login', { username: 'x', password: 'y'.repeat(2_000_000) });
    expect(r.statusCode).toBe(413);
  });

  it('refuses to start in production with the demo accounts unless allowed', () => {
    expect(startupProblem({ env: 'production', allowDemoAccounts: false }, t.db.sqlite)).toMatch(/demo accounts/);
    expect(startupProblem({ env: 'production', allowDemoAccounts: true }, t.db.sqlite)).toBeNull();
    expect(startupProblem({ env: 'development', allowDemoAccounts: false }, t.db.sqlite)).toBeNull();
  });
});
