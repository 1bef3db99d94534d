import { smallWorld } from '@tiendo/seed/factories';
import type { SessionReply } from '@tiendo/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_TODAY } from './constants.ts';
import { createTestApp, type TestContext } from './helpers.ts';

// The SPA's first request after a page load: the session reply carries what every page needs
// before its own requests (periods, indicators, the server's date), so the dashboard asks for
// its unit, figures and panels in one step after it.
let t: TestContext;
beforeAll(async () => {
  t = await createTestApp({ world: smallWorld() });
});
afterAll(() => t.close());

describe('GET /api/auth/session', () => {
  it('carries the same periods and indicators as their own routes, and the server’s date', async () => {
    const leader = await t.login('lanhdao');
    const session = await t.get<SessionReply>(leader, '/api/auth/session');
    expect(session.status).toBe(200);
    if (session.body.state !== 'signed-in') throw new Error('expected a signed-in session');
    const periods = await t.get(leader, '/api/periods');
    const kpis = await t.get(leader, '/api/kpis');
    expect(session.body.catalog?.periods).toEqual(periods.body);
    expect(session.body.catalog?.kpis).toEqual(kpis.body);
    expect(session.body.catalog?.today).toBe(TEST_TODAY);
    expect((kpis.body as unknown[]).length).toBeGreaterThan(0);
  });

  it('the sign-in carries the same catalogue, so the first page after it waits for nothing else', async () => {
    const r = await t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'hongha', password: 'tiendo-demo' } });
    expect(r.statusCode).toBe(200);
    const reply = r.json() as { catalog?: { periods: unknown; kpis: unknown; today: string } };
    const session = await t.login('hongha');
    expect(reply.catalog?.periods).toEqual((await t.get(session, '/api/periods')).body);
    expect(reply.catalog?.kpis).toEqual((await t.get(session, '/api/kpis')).body);
    expect(reply.catalog?.today).toBe(TEST_TODAY);
  });

  it('signed out: no catalogue, and no 401', async () => {
    const r = await t.get<SessionReply>(null, '/api/auth/session');
    expect(r.status).toBe(200);
    expect(r.body).toEqual({ state: 'signed-out' });
  });

  it('an account that must replace its one-time password is not sent the catalogue it may not read yet', async () => {
    const admin = await t.login('admin');
    const created = await t.app.inject({
      method: 'POST',
      url: '/api/users',
      headers: admin.headers,
      payload: { username: 'moi.lanhdao', displayName: 'Lãnh đạo mới', role: 'leader', unit: '01' },
    });
    expect(created.statusCode).toBe(201);
    const password = (created.json() as { temporaryPassword: string }).temporaryPassword;
    const fresh = await t.login('moi.lanhdao', password);
    const session = await t.get<SessionReply>(fresh, '/api/auth/session');
    if (session.body.state !== 'signed-in') throw new Error('expected a signed-in session');
    expect(session.body.mustChangePassword).toBe(true);
    expect(session.body.catalog).toBeUndefined();
    expect((await t.get(fresh, '/api/periods')).status).toBe(403);
  });
});
