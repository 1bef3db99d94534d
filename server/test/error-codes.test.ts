import { smallWorld } from '@tiendo/seed/factories';
import type { ErrorBody, ReportReply } from '@tiendo/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_LAST_CLOSED, TEST_OPEN } from './constants.ts';
import { createTestApp, type Session, type TestContext, uploadFile } from './helpers.ts';

/**
 * The SPA translates a refusal by its `code`, filling the blanks from `details`: each refusal a
 * person reads keeps its own code and the details its sentence names. A code that changes here
 * is a message that silently falls back to the server's words in the browser.
 */
let t: TestContext;
let team: Session;
let commune: Session;
beforeAll(async () => {
  t = await createTestApp({ world: smallWorld() });
  team = await t.login('to1.phucxa');
  commune = await t.login('hongha');
});
afterAll(() => t.close());

const TEAM = '00001-01';
const url = (code: string, period: string, action = '') => `/api/units/${code}/reports/${period}${action ? `/${action}` : ''}`;
async function send(s: Session, method: 'PUT' | 'POST', path: string, payload: object = {}, headers = s.headers) {
  const r = await t.app.inject({ method, url: path, payload, headers });
  return { status: r.statusCode, body: r.json() as ErrorBody & ReportReply };
}
const refusal = (r: { status: number; body: ErrorBody }) => [r.status, r.body.error?.code, r.body.error?.details];

describe('error replies carry their codes', () => {
  it('names an unknown unit and a wrong password by code', async () => {
    const unknown = await t.get<ErrorBody>(commune, `/api/units/99999/figures?period=${TEST_OPEN}`);
    expect(refusal(unknown)).toEqual([404, 'unit_not_found', { unit: '99999' }]);
    const neighbour = await t.get<ErrorBody>(commune, `/api/units/00004/figures?period=${TEST_OPEN}`);
    expect(refusal(neighbour)).toEqual([403, 'no_access', { unit: '00004' }]);
    const wrong = await t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'hongha', password: 'sai-mat-khau' } });
    expect([wrong.statusCode, wrong.json().error.code]).toEqual([401, 'wrong_credentials']);
  });

  it('tells a write without its CSRF token, and a role that may not administer, apart from other refusals', async () => {
    const noCsrf = await send(team, 'PUT', url(TEAM, TEST_OPEN), { values: {}, version: 0 }, { cookie: team.headers.cookie as string });
    expect(refusal(noCsrf)).toEqual([403, 'csrf', undefined]);
    const admin = await t.get<ErrorBody>(team, '/api/users');
    expect(refusal(admin)).toEqual([403, 'role_forbidden', undefined]);
  });

  it('gives a request that fails its schema the place of each problem', async () => {
    const r = await send(team, 'PUT', url(TEAM, TEST_OPEN), { values: {}, version: -1 });
    expect(r.status).toBe(400);
    expect(r.body.error.code).toBe('validation_error');
    expect(r.body.error.details).toMatchObject({ in: 'body', issues: [{ field: 'version', message: expect.any(String) }] });
  });

  it('refuses figures that break the rules with the KPI and field of each', async () => {
    const r = await send(team, 'PUT', url(TEAM, TEST_OPEN), {
      values: { dinh_danh_tiep_nhan: { numerator: 5, denominator: 2 } },
      version: (await t.get<ReportReply>(team, url(TEAM, TEST_OPEN))).body.version,
    });
    expect(r.status).toBe(400);
    expect(r.body.error.code).toBe('invalid_figures');
    const errors = (r.body.error.details as { errors: { kpi: string; field: string | null }[] }).errors;
    expect(errors.length).toBeGreaterThan(0);
    expect(errors.every((e) => e.kpi === 'dinh_danh_tiep_nhan')).toBe(true);
  });

  it('says a stale version, a report not waiting and a report in the wrong state', async () => {
    const current = (await t.get<ReportReply>(team, url(TEAM, TEST_OPEN))).body;
    const stale = await send(team, 'PUT', url(TEAM, TEST_OPEN), { values: {}, version: current.version + 7 });
    expect(stale.status).toBe(409);
    expect(stale.body.error.code).toBe('stale_version');
    expect(stale.body.error.details).toMatchObject({ currentVersion: current.version, changes: expect.any(Array) });

    expect(current.state).not.toBe('submitted');
    const recall = await send(team, 'POST', url(TEAM, TEST_OPEN, 'recall'));
    expect(refusal(recall)).toEqual([409, 'report_not_waiting', { state: current.state }]);
    const approve = await send(commune, 'POST', url(TEAM, TEST_OPEN, 'approve'));
    expect(refusal(approve)).toEqual([409, 'report_state', { state: current.state }]);
  });

  it('says a closed period is not open for writing', async () => {
    const past = (await t.get<ReportReply>(team, url(TEAM, TEST_LAST_CLOSED))).body;
    const r = await send(team, 'PUT', url(TEAM, TEST_LAST_CLOSED), { values: {}, version: past.version });
    expect(r.status).toBe(403);
    expect(['period_locked', 'period_not_open']).toContain(r.body.error.code);
  });

  it('says an upload is not a spreadsheet, or too large', async () => {
    const binary = await uploadFile(t, commune, url('00097', TEST_OPEN, 'import'), 'so-lieu.bin', Buffer.from([0, 1, 2, 0, 3]));
    expect([binary.statusCode, binary.json().error.code]).toEqual([400, 'not_a_spreadsheet']);
    const huge = await uploadFile(t, commune, url('00097', TEST_OPEN, 'import'), 'so-lieu.csv', Buffer.alloc(3 * 1024 * 1024, 'a'));
    expect([huge.statusCode, huge.json().error.code]).toEqual([413, 'file_too_large']);
  });
});
