/**
 * The items listed inside a reply carry a stable `code` and the `params` of their sentence beside
 * the bilingual message (issue 15): a report field's error, an unusual figure's flag, a bulk
 * import's row, an accounts file's row, a request that fails its schema, one unit of a batch.
 * The SPA says them from the code (client/src/api/item-i18n.ts): a code that changes here is a
 * sentence that silently falls back to the server's words.
 */
import { smallWorld } from '@tiendo/seed/factories';
import type { DecideManyReply, ErrorBody, FieldError, ImportRefusal, ReportReply, UserImportError } from '@tiendo/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toCsv } from '../src/services/csv.ts';
import { TEST_LAST_CLOSED, TEST_OPEN } from './constants.ts';
import { createTestApp, type Session, type TestContext, uploadFile } from './helpers.ts';
import { importer } from './support/bulk-import.ts';

let t: TestContext;
let team: Session;
let commune: Session;
let admin: Session;
beforeAll(async () => {
  t = await createTestApp({ world: smallWorld() });
  team = await t.login('to1.phucxa');
  commune = await t.login('hongha');
  admin = await t.login('admin');
});
afterAll(() => t.close());

const TEAM = '00001-01';
const url = (code: string, period: string, action = '') => `/api/units/${code}/reports/${period}${action ? `/${action}` : ''}`;
async function send<T = ErrorBody>(s: Session, method: 'PUT' | 'POST', path: string, payload: object) {
  const r = await t.app.inject({ method, url: path, payload, headers: s.headers });
  return { status: r.statusCode, body: r.json() as T };
}
const versionOf = async (code: string, period = TEST_OPEN) => (await t.get<ReportReply>(team, url(code, period))).body.version;
/** What each item says, without its words: the part the SPA translates. */
const said = (items: readonly { code: string; params: unknown }[]) => items.map((e) => [e.code, e.params]);
const fieldErrors = (body: ErrorBody) => (body.error.details as { errors: FieldError[] }).errors;

describe('a report’s field errors and flags', () => {
  it('gives each refused value its code and params, by KPI and field', async () => {
    const r = await send(team, 'PUT', url(TEAM, TEST_OPEN), {
      values: {
        dinh_danh_tiep_nhan: 1.5,
        lam_sach_dan_cu: { numerator: 5, denominator: 2 },
        dvc_thiet_yeu: { items: ['dv01'] },
        khong_co: 3,
      },
      version: await versionOf(TEAM),
    });
    expect([r.status, r.body.error.code]).toEqual([400, 'invalid_figures']);
    const byKpi = Object.fromEntries(fieldErrors(r.body).map((e) => [e.kpi, [e.field, e.code, e.params]]));
    expect(byKpi).toEqual({
      dinh_danh_tiep_nhan: ['value', 'not_whole_number', {}],
      lam_sach_dan_cu: ['numerator', 'above_denominator', {}],
      // a KPI the unit does not report is named in both languages; an unknown code by itself
      dvc_thiet_yeu: [
        null,
        'kpi_not_reported',
        { kpi: { vi: 'Dịch vụ công thiết yếu đã cung cấp', en: 'Essential online public services available' } },
      ],
      khong_co: [null, 'kpi_not_reported', { kpi: { vi: 'khong_co', en: 'khong_co' } }],
    });
    // the words stay, bilingual, for any other reader
    expect(fieldErrors(r.body).find((e) => e.kpi === 'lam_sach_dan_cu')?.message).toBe(
      'Tử số không được lớn hơn mẫu số / numerator may not exceed the denominator',
    );
  });

  it('names the bound and both running totals when a count passes the one it may not exceed', async () => {
    const r = await send(commune, 'PUT', url('00097', TEST_OPEN), {
      values: { dinh_danh_giai_quyet: 1_000_000_000 },
      version: (await t.get<ReportReply>(commune, url('00097', TEST_OPEN))).body.version,
    });
    expect([r.status, r.body.error.code]).toEqual([400, 'invalid_figures']);
    const [e] = fieldErrors(r.body);
    expect([e?.kpi, e?.field, e?.code]).toEqual(['dinh_danh_giai_quyet', 'value', 'above_bound_total']);
    const p = e?.params as { total: number; boundTotal: number; bound: unknown };
    expect(p.bound).toEqual({ vi: 'Hồ sơ định danh điện tử tiếp nhận', en: 'Electronic-ID applications received' });
    expect(p.total).toBeGreaterThanOrEqual(1_000_000_000);
    expect(p.boundTotal).toBeGreaterThan(0);
    expect(p.boundTotal).toBeLessThan(p.total);
  });

  it('says a missing figure as `required` and flags an unusual one with the usual amount, on the reply and on submit', async () => {
    const saved = await send<ReportReply>(team, 'PUT', url(TEAM, TEST_OPEN), {
      values: { dinh_danh_tiep_nhan: 100_000 },
      version: await versionOf(TEAM),
    });
    expect(saved.status).toBe(200);
    const [flag] = saved.body.flags;
    expect([flag?.kpi, flag?.code]).toEqual(['dinh_danh_tiep_nhan', 'far_from_recent']);
    // the small world's teams receive 10 to 39 applications a month
    const usual = (flag?.params as { usual?: number } | undefined)?.usual ?? -1;
    expect(usual).toBeGreaterThanOrEqual(10);
    expect(usual).toBeLessThan(40);
    expect(flag?.message).toContain(`usually about ${usual})`);

    const incomplete = await send(team, 'POST', url(TEAM, TEST_OPEN, 'submit'), { version: saved.body.version });
    expect(incomplete.body.error.code).toBe('invalid_figures');
    expect(fieldErrors(incomplete.body).map((e) => [e.kpi, e.field, e.code, e.params])).toEqual(
      expect.arrayContaining([
        ['cccd_thu_nhan', null, 'required', {}],
        ['lam_sach_dan_cu', null, 'required', {}],
      ]),
    );

    const whole = await send<ReportReply>(team, 'PUT', url(TEAM, TEST_OPEN), {
      values: { dinh_danh_tiep_nhan: 100_000, cccd_thu_nhan: 20, lam_sach_dan_cu: { numerator: 900, denominator: 1000 } },
      version: saved.body.version,
    });
    const unexplained = await send(team, 'POST', url(TEAM, TEST_OPEN, 'submit'), { version: whole.body.version });
    expect(unexplained.body.error.code).toBe('unexplained_flags');
    expect(fieldErrors(unexplained.body)).toContainEqual(
      expect.objectContaining({ kpi: 'dinh_danh_tiep_nhan', field: 'explanation', code: 'far_from_recent', params: { usual } }),
    );
  });
});

describe('a request that fails its schema', () => {
  it('gives each issue zod’s code and the bound it names', async () => {
    const r = await send(team, 'PUT', url(TEAM, TEST_OPEN), { values: {}, version: -1 });
    expect([r.status, r.body.error.code]).toEqual([400, 'validation_error']);
    expect((r.body.error.details as { issues: unknown[] }).issues).toEqual([
      { field: 'version', code: 'too_small', params: { minimum: 0, origin: 'number' }, message: expect.any(String) },
    ]);
    const period = await t.get<ErrorBody>(team, url(TEAM, '2026-13'));
    expect((period.body.error.details as { issues: unknown[] }).issues).toEqual([
      {
        field: 'period',
        code: 'invalid_format',
        params: { format: 'regex', origin: 'string' },
        message: 'Kỳ báo cáo phải có dạng YYYY-MM / period must be YYYY-MM',
      },
    ]);
  });
});

describe('a bulk import’s rows', () => {
  const refusal = (r: { json(): unknown }) => (r.json() as { error: { code: string; details: ImportRefusal } }).error;

  it('says an unknown column by its code', async () => {
    const imp = importer(t, TEST_OPEN);
    const rows = await imp.templateRows(commune);
    (rows[0] as string[]).push('cot_la');
    const r = await imp.upload(commune, 'mau.csv', Buffer.from(toCsv(rows)));
    expect(r.statusCode).toBe(422);
    expect(said(refusal(r).details.errors)).toEqual([['unknown_column', { column: 'cot_la' }]]);
  });

  it('gives each row’s error its code, the cell a rule is about (`at`) and what the file held', async () => {
    const imp = importer(t, TEST_OPEN);
    const rows = await imp.templateRows(commune);
    const header = rows[0] as string[];
    const row = [...(rows.find((r) => r[0] === '00001-02') as string[])];
    const set = (h: string, v: string) => {
      row[header.indexOf(h)] = v;
    };
    set('dinh_danh_tiep_nhan', 'abc');
    set('cccd_thu_nhan', '20');
    set('lam_sach_dan_cu_numerator', '20');
    set('lam_sach_dan_cu_denominator', '10');
    const stranger = header.map((_, i) => (i === 0 ? '99999' : i === 2 ? '5' : ''));
    const r = await imp.upload(commune, 'mau.csv', Buffer.from(toCsv([header, row, row, stranger])));
    expect(r.statusCode).toBe(422);
    const errors = refusal(r).details.errors;
    expect(errors.map((e) => [e.row, e.unit, e.kpi, e.code, e.params])).toEqual([
      [
        2,
        '00001-02',
        'dinh_danh_tiep_nhan',
        'not_a_number',
        { cell: { vi: 'Hồ sơ định danh điện tử tiếp nhận', en: 'Electronic-ID applications received' }, text: 'abc' },
      ],
      [
        2,
        '00001-02',
        'lam_sach_dan_cu',
        'above_denominator',
        { at: { vi: 'Thông tin công dân đã rà soát, làm sạch — tử số', en: 'Citizen records reviewed and cleaned — numerator' } },
      ],
      [3, '00001-02', null, 'unit_repeated', {}],
      [4, '99999', null, 'not_a_unit_below', {}],
    ]);
  });

  it('names the unit and the indicators of a row whose report cannot change', async () => {
    const imp = importer(t, TEST_LAST_CLOSED);
    const rows = await imp.templateRows(commune);
    const header = rows[0] as string[];
    const row = [...(rows.find((r) => r[0] === TEAM) as string[])];
    row[header.indexOf('cccd_thu_nhan')] = '777';
    const r = await imp.upload(commune, 'mau.csv', Buffer.from(toCsv([header, row])));
    expect(r.statusCode).toBe(422);
    const [e] = refusal(r).details.errors;
    expect([e?.code, e?.kpi]).toEqual(['report_submitted', 'cccd_thu_nhan']);
    expect(e?.params).toEqual({
      unit: expect.stringMatching(/\(00001-01\)$/),
      kpis: { vi: '"Dữ liệu CCCD gắn chip thu nhận"', en: '"Chip-based citizen-ID records collected"' },
    });
  });
});

describe('an accounts file’s rows', () => {
  it('gives each refused cell its code and params, a unit or role refused as a request would be', async () => {
    const file = toCsv([
      ['username', 'full_name', 'unit_code', 'role', 'phone', 'email'],
      ['Sai Ten', 'Một', '00001-01', 'reporter', '', ''],
      ['bc9.a', '', '99999', 'vua', '12345', 'khong-phai-email'],
      ['bc9.a', 'Hai', '00001-01', 'approver', '', ''],
      ['bc9.b', 'Ba', '', 'reporter', '', ''],
    ]);
    const r = await uploadFile(t, admin, '/api/admin/users/import', 'tai-khoan.csv', Buffer.from(file));
    expect(r.statusCode).toBe(422);
    const errors = (r.json() as { error: { details: { errors: UserImportError[] } } }).error.details.errors;
    expect(errors.map((e) => [e.row, e.column, e.code, e.params])).toEqual([
      [2, 'username', 'invalid_username', { username: 'sai ten' }],
      [3, 'full_name', 'required', {}],
      [3, 'unit_code', 'unit_not_found', { unit: '99999' }],
      [3, 'role', 'unknown_role', { role: 'vua', roles: 'reporter, approver, leader, secretariat, admin' }],
      [3, 'phone', 'invalid_phone', { text: '12345' }],
      [3, 'email', 'invalid_email', { text: 'khong-phai-email' }],
      [4, 'username', 'username_repeated', { username: 'bc9.a', row: 3 }],
      [4, 'role', 'team_reporters_only', { role: 'approver', unit: TEAM }],
      [5, 'unit_code', 'required', {}],
    ]);
  });

  it('says a role above the importer’s own by its code', async () => {
    const file = toCsv([
      ['username', 'full_name', 'unit_code', 'role'],
      ['bc9.c', 'Bốn', '00097', 'admin'],
    ]);
    const r = await uploadFile(t, commune, '/api/admin/users/import', 'tai-khoan.csv', Buffer.from(file));
    // an approver may not import accounts at all; the secretariat may, below its own role
    expect(r.statusCode).toBe(403);
    const thuky = await t.login('thuky');
    const s = await uploadFile(t, thuky, '/api/admin/users/import', 'tai-khoan.csv', Buffer.from(file));
    expect(s.statusCode).toBe(422);
    const errors = (s.json() as { error: { details: { errors: UserImportError[] } } }).error.details.errors;
    expect(errors.map((e) => [e.row, e.column, e.code, e.params])).toEqual([[2, 'role', 'role_above_yours', { role: 'admin' }]]);
  });
});

describe('one unit of a batch decision', () => {
  it('carries its refusal’s code and details beside the words', async () => {
    const r = await send<DecideManyReply>(commune, 'POST', url('00097', TEST_LAST_CLOSED, 'approve-many'), { units: ['00004'] });
    expect(r.status).toBe(200);
    const [one] = r.body.results;
    expect(one).toMatchObject({
      unit: '00004',
      ok: false,
      code: 'not_below',
      details: { unit: expect.stringMatching(/\(00004\)$/), parent: expect.stringMatching(/\(00097\)$/), period: TEST_LAST_CLOSED },
    });
    expect(one?.error).toMatch(/không trực thuộc .* \/ .* is not below/);
  });
});
