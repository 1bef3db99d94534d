/**
 * Accounts in bulk (`POST /api/admin/users/import`): all or nothing with errors row by row, every
 * account audited on its own, one-time passwords that are returned once, work once and must be
 * replaced; who may import what; phone numbers and e-mail on accounts; and the demo's reporter
 * account, with a phone, for every task team and commune of today's map.
 */
import { smallWorld } from '@tiendo/seed/factories';
import type { AdminUser, MeReply, UserImportError, UserImportReply, UsersReply } from '@tiendo/shared';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { childrenAt } from '../src/services/catalog-service.ts';
import { toCsv } from '../src/services/csv.ts';
import { USER_UPLOAD_LIMITS } from '../src/services/user-import-service.ts';
import { TEST_OPEN } from './constants.ts';
import { createTestApp, type Session, type TestContext, uploadFile } from './helpers.ts';

let t: TestContext;
let thuky: Session;
/** A secretariat of Phường Hồng Hà (00097), created here: it runs the accounts of its own subtree only. */
let commune: Session;
const COMMUNE_PASSWORD = 'thu-ky-hong-ha-2026';

const HEADER = ['username', 'full_name', 'unit_code', 'role', 'phone', 'email'];
const LABELS = ['Tên đăng nhập', 'Họ tên', 'Mã đơn vị', 'Vai trò', 'Số điện thoại', 'Email'];

beforeAll(async () => {
  // Hồng Hà with eight teams (`00001-01`…`00001-08`), Ba Đình with one, Phúc Xá ended in 2025-06.
  t = await createTestApp({ world: smallWorld({ teams: [8, 1] }) });
  thuky = await t.login('thuky');
  await t.app.services.users.create(
    { username: 'tk.hongha', displayName: 'Thư ký Hồng Hà', unitCode: '00097', role: 'secretariat', password: COMMUNE_PASSWORD },
    null,
  );
  commune = await t.login('tk.hongha', COMMUNE_PASSWORD);
});
afterAll(() => t.close());

function upload(name: string, body: Buffer, session: Session, url = '/api/admin/users/import') {
  return uploadFile(t, session, url, name, body);
}
const csv = (rows: string[][]) => Buffer.from(`\uFEFF${toCsv(rows)}`, 'utf8');
const userCount = () => t.db.sqlite.prepare('SELECT COUNT(*) FROM users').pluck().get() as number;
const auditCount = () => t.db.sqlite.prepare(`SELECT COUNT(*) FROM audit_log WHERE action = 'user.create'`).pluck().get() as number;
const errorsOf = (r: { json(): unknown }) =>
  (r.json() as { error: { details: { errors: UserImportError[]; total: number; omitted: number } } }).error.details;

describe('POST /api/admin/users/import: all or nothing', () => {
  it('writes nothing when one row is wrong, and says what is wrong row by row', async () => {
    const users = userCount();
    const audits = auditCount();
    const r = await upload(
      'tai-khoan.csv',
      csv([
        HEADER,
        LABELS,
        ['bc2.00001-02', 'Tổ dân phố số 2', '00001-02', 'reporter', '0912 345 678', ''],
        ['bc2.00001-03', 'Tổ dân phố số 3', '00001-03', 'reporter', '12345', ''],
        ['bc2.00001-02', 'Trùng tên', '00001-04', 'reporter', '', ''],
        ['bc2.khong', 'Không có đơn vị', '99999', 'reporter', '', ''],
        ['bc2.to.duyet', 'Tổ mà duyệt', '00001-05', 'approver', '', ''],
        ['hongha', 'Đã có', '00097', 'approver', '', ''],
        ['bc2.thu', 'Sai thư', '00097', 'reporter', '', 'khong-phai-email'],
        ['Có Dấu', 'Sai tên', '00097', 'vua', '', ''],
        ['bc2.cu', 'Đơn vị đã kết thúc', '00001', 'reporter', '', ''],
      ]),
      thuky,
    );
    expect(r.statusCode).toBe(422);
    const { errors, total, omitted } = errorsOf(r);
    expect(total).toBe(errors.length);
    expect(omitted).toBe(0);
    const at = (row: number) => errors.filter((e) => e.row === row).map((e) => e.column);
    // rows as the spreadsheet numbers them: the codes row is 1, the label row 2
    expect(at(3)).toEqual([]);
    expect(at(4)).toEqual(['phone']);
    expect(errors.find((e) => e.row === 5)?.message).toContain('dòng 3');
    expect(at(6)).toEqual(['unit_code']);
    expect(at(7)).toEqual(['role']);
    expect(at(8)).toEqual(['username']);
    expect(at(9)).toEqual(['email']);
    expect(at(10).sort()).toEqual(['role', 'username']);
    expect(at(11)).toEqual(['unit_code']);
    expect(userCount()).toBe(users);
    expect(auditCount()).toBe(audits);
    expect(t.db.sqlite.prepare(`SELECT COUNT(*) FROM users WHERE username LIKE 'bc2.%'`).pluck().get()).toBe(0);
  });

  it('caps the listed errors and counts the rest', async () => {
    const rows = [HEADER, ...Array.from({ length: 250 }, (_, i) => [`x${i}`, 'X', '00097', 'reporter', 'không phải số', ''])];
    const r = await upload('nhieu-loi.csv', csv(rows), thuky);
    expect(r.statusCode).toBe(422);
    const d = errorsOf(r);
    expect(d.errors).toHaveLength(200);
    expect(d.total).toBe(250);
    expect(d.omitted).toBe(50);
  });

  it('creates every account of a good file, audits each, and hands out one-time passwords once', async () => {
    const audits = auditCount();
    const r = await upload(
      'tai-khoan.csv',
      csv([
        HEADER,
        LABELS,
        ['bc3.00001-02', 'Tổ dân phố số 2, Phúc Xá', '00001-02', 'reporter', '0912 345 678', 'to2@phucxa.gov.vn'],
        ['bc3.00001-03', 'Tổ dân phố số 3, Phúc Xá', '00001-03', 'Người báo cáo', '+84 98 765 4300', ''],
        ['BC3.HongHa', 'Duyệt Hồng Hà', '00097', 'approver', '', ''],
        ['', '', '', '', '', ''],
      ]),
      thuky,
    );
    expect(r.statusCode).toBe(201);
    const reply = r.json() as UserImportReply;
    expect(reply.created).toBe(3);
    expect(reply.accounts.map((a) => [a.row, a.username, a.role, a.phone, a.email])).toEqual([
      [3, 'bc3.00001-02', 'reporter', '0912345678', 'to2@phucxa.gov.vn'],
      [4, 'bc3.00001-03', 'reporter', '0987654300', null],
      [5, 'bc3.hongha', 'approver', null, null],
    ]);
    expect(reply.accounts[2]?.unit).toEqual({ code: '00097', name: 'Hồng Hà' });

    // one audit entry per account, by the importer
    expect(auditCount()).toBe(audits + 3);
    const audit = t.db.sqlite
      .prepare(`SELECT actor, target, after FROM audit_log WHERE action = 'user.create' AND target LIKE 'bc3.%' ORDER BY id`)
      .all() as { actor: string; target: string; after: string }[];
    expect(audit.map((a) => [a.actor, a.target])).toEqual([
      ['thuky', 'bc3.00001-02'],
      ['thuky', 'bc3.00001-03'],
      ['thuky', 'bc3.hongha'],
    ]);
    expect(JSON.parse(audit[0]?.after ?? '{}')).toMatchObject({ unit: '00001-02', role: 'reporter', phone: '0912345678', via: 'import' });

    // the clear passwords are nowhere in the database
    const otp = reply.accounts[0]?.temporaryPassword as string;
    expect(otp).toMatch(/^[a-z0-9]{4}(-[a-z0-9]{4}){3}$/);
    for (const a of reply.accounts) {
      const hits = t.db.sqlite
        .prepare(
          `SELECT (SELECT COUNT(*) FROM users WHERE password_hash LIKE '%' || @p || '%' OR display_name LIKE '%' || @p || '%')
                + (SELECT COUNT(*) FROM audit_log WHERE COALESCE(after, '') LIKE '%' || @p || '%' OR COALESCE(before, '') LIKE '%' || @p || '%')`,
        )
        .pluck()
        .get({ p: a.temporaryPassword });
      expect(hits).toBe(0);
    }

    // the one-time password signs in, and nothing but changing it is allowed
    const s = await t.login('bc3.00001-02', otp);
    const me = await t.get<MeReply>(s, '/api/me');
    expect(me.body.mustChangePassword).toBe(true);
    expect((await t.get(s, `/api/units/00001-02/reports/${TEST_OPEN}`)).status).toBe(403);
    const changed = await t.app.inject({
      method: 'POST',
      url: '/api/me/password',
      headers: s.headers,
      payload: { currentPassword: otp, newPassword: 'to-hai-phuc-xa-2026' },
    });
    expect(changed.statusCode).toBe(200);
    expect((changed.json() as MeReply).mustChangePassword).toBe(false);
    // once: the one-time password no longer opens the account
    const again = await t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'bc3.00001-02', password: otp } });
    expect(again.statusCode).toBe(401);
    expect((await t.login('bc3.00001-02', 'to-hai-phuc-xa-2026')).username).toBe('bc3.00001-02');

    // the same file again: every name is taken now, nothing more is written
    const twice = await upload('tai-khoan.csv', csv([HEADER, ['bc3.00001-03', 'Lại', '00001-03', 'reporter', '', '']]), thuky);
    expect(twice.statusCode).toBe(422);
    expect(errorsOf(twice).errors).toEqual([expect.objectContaining({ row: 2, column: 'username' })]);
  });

  it('reads the XLSX template, filled in, with its label row and text cells', async () => {
    const tpl = await t.app.inject({ url: '/api/admin/users/import/template?format=xlsx', headers: thuky.headers });
    expect(tpl.statusCode).toBe(200);
    expect(tpl.headers['content-disposition']).toContain('mau-nhap-tai-khoan.xlsx');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(tpl.rawPayload as unknown as ArrayBuffer);
    const ws = wb.worksheets[0] as ExcelJS.Worksheet;
    expect((ws.getRow(1).values as unknown[]).slice(1)).toEqual(HEADER);
    expect(String(ws.getCell(2, 1).value)).toContain('Tên đăng nhập');
    // a phone typed as a number, its leading 0 lost as Excel does: it is put back
    ws.addRow(['bc4.00001-06', 'Tổ dân phố số 6', '00001-06', 'reporter', 912000111, 'TO6@Example.VN']);
    const r = await upload('mau.xlsx', Buffer.from(await wb.xlsx.writeBuffer()), thuky);
    expect(r.statusCode).toBe(201);
    expect((r.json() as UserImportReply).accounts).toEqual([
      expect.objectContaining({ row: 3, username: 'bc4.00001-06', phone: '0912000111', email: 'to6@example.vn' }),
    ]);

    const csvTpl = await t.app.inject({ url: '/api/admin/users/import/template?format=csv', headers: thuky.headers });
    expect(csvTpl.statusCode).toBe(200);
    // the template as downloaded holds no account: refused, nothing written
    const empty = await upload('mau.csv', csvTpl.rawPayload, thuky);
    expect(empty.statusCode).toBe(422);
  });

  it('refuses a file beyond its bounds before reading its rows, and a request without a file', async () => {
    const rows = [HEADER, ...Array.from({ length: USER_UPLOAD_LIMITS.maxRows + 1 }, (_, i) => [`y${i}`, 'Y', '00097', 'reporter', '', ''])];
    const big = await upload('lon.csv', csv(rows), thuky);
    expect(big.statusCode).toBe(422);
    expect((big.json() as { error: { code: string } }).error.code).toBe('upload_limit');
    const wide = await upload('rong.csv', csv([[...HEADER, ...Array.from({ length: 20 }, (_, i) => `c${i}`)]]), thuky);
    expect(wide.statusCode).toBe(422);
    const unknown = await upload(
      'la.csv',
      csv([
        [...HEADER, 'ghi_chu'],
        ['z1', 'Z', '00097', 'reporter', '', '', ''],
      ]),
      thuky,
    );
    expect(unknown.statusCode).toBe(422);
    expect(errorsOf(unknown).errors).toEqual([expect.objectContaining({ row: 1, message: expect.stringContaining('ghi_chu') })]);
    const none = await t.app.inject({ method: 'POST', url: '/api/admin/users/import', headers: thuky.headers, payload: {} });
    expect(none.statusCode).toBe(400);
  });
});

describe('who may import which accounts', () => {
  it('a city secretariat anywhere in the city; an approver, a leader or a reporter not at all', async () => {
    for (const u of ['hongha', 'lanhdao', 'to1.phucxa']) {
      const r = await upload('x.csv', csv([HEADER, ['q.1', 'Q', '00097', 'reporter', '', '']]), await t.login(u));
      expect(r.statusCode).toBe(403);
    }
    const r = await upload('x.csv', csv([HEADER, ['bc5.00004', 'Ba Đình', '00004', 'approver', '', '']]), thuky);
    expect(r.statusCode).toBe(201);
  });

  it('a commune secretariat within its commune only, and no role above its own', async () => {
    const r = await upload(
      'x.csv',
      csv([
        HEADER,
        ['bc6.00001-07', 'Tổ 7', '00001-07', 'reporter', '', ''],
        ['bc6.badinh', 'Phường khác', '00004', 'approver', '', ''],
        ['bc6.xa', 'Xã xa', '00004-01', 'reporter', '', ''],
        ['bc6.admin', 'Quản trị', '00097', 'admin', '', ''],
      ]),
      commune,
    );
    expect(r.statusCode).toBe(422);
    const errors = errorsOf(r).errors;
    expect(errors.map((e) => [e.row, e.column])).toEqual([
      [3, 'unit_code'],
      [4, 'unit_code'],
      [5, 'role'],
    ]);
    // beside it (a peer commune): out of scope; below another commune: named as unknown, as a single create does
    expect(errors[0]?.message).toContain('phạm vi');
    expect(errors[1]?.message).toContain('Không có đơn vị');
    const ok = await upload('x.csv', csv([HEADER, ['bc6.00001-07', 'Tổ 7', '00001-07', 'reporter', '', '']]), commune);
    expect(ok.statusCode).toBe(201);
  });
});

describe('phone and e-mail on accounts', () => {
  const send = (method: 'POST' | 'PATCH', url: string, payload: object) => t.app.inject({ method, url, headers: thuky.headers, payload });

  it('validates them on create and edit, stores the national form and lists them', async () => {
    const bad = await send('POST', '/api/users', {
      username: 'lh.sai',
      displayName: 'Sai',
      unit: '00097',
      role: 'reporter',
      phone: '0112 345 678',
    });
    expect(bad.statusCode).toBe(400);
    const badMail = await send('POST', '/api/users', {
      username: 'lh.sai',
      displayName: 'Sai',
      unit: '00097',
      role: 'reporter',
      email: 'a@',
    });
    expect(badMail.statusCode).toBe(400);
    const created = await send('POST', '/api/users', {
      username: 'lh.moi',
      displayName: 'Liên hệ mới',
      unit: '00097',
      role: 'reporter',
      phone: '+84 24 3825 1234',
      email: '',
    });
    expect(created.statusCode).toBe(201);
    expect((created.json() as { user: AdminUser }).user).toMatchObject({ phone: '02438251234', email: null });

    const edited = await send('PATCH', '/api/users/lh.moi', { phone: '0987.654.321', email: 'LH@HongHa.gov.vn' });
    expect(edited.statusCode).toBe(200);
    expect(edited.json() as AdminUser).toMatchObject({ phone: '0987654321', email: 'lh@hongha.gov.vn' });
    const audit = t.db.sqlite
      .prepare(`SELECT before, after FROM audit_log WHERE action = 'user.update' AND target = 'lh.moi' ORDER BY id DESC LIMIT 1`)
      .get() as { before: string; after: string };
    expect(JSON.parse(audit.before)).toMatchObject({ phone: '02438251234', email: null });
    expect(JSON.parse(audit.after)).toMatchObject({ phone: '0987654321', email: 'lh@hongha.gov.vn' });
    expect((await send('PATCH', '/api/users/lh.moi', { phone: '12' })).statusCode).toBe(400);

    // found by its number however it is typed
    const found = await t.get<UsersReply>(thuky, `/api/users?q=${encodeURIComponent('0987 654 321')}`);
    expect(found.body.users.map((u) => u.username)).toEqual(['lh.moi']);
    const cleared = await send('PATCH', '/api/users/lh.moi', { phone: null, email: '' });
    expect(cleared.json() as AdminUser).toMatchObject({ phone: null, email: null });
  });

  it('keeps a task team to reporters, on a single account too', async () => {
    const r = await send('POST', '/api/users', { username: 'to.duyet', displayName: 'Tổ duyệt', unit: '00001-08', role: 'approver' });
    expect(r.statusCode).toBe(400);
  });
});

describe('the demo', () => {
  // What `npm run seed` writes for all of today's 126 communes and 5,247 teams: only the demo has it.
  let demo: TestContext;
  beforeAll(async () => {
    demo = await createTestApp({ demo: true });
  });
  afterAll(() => demo.close());

  it('has a reporter account with a phone for every task team and every commune of today’s map', async () => {
    const cat = demo.app.services.catalog.get();
    const city = cat.unitsByCode.get('01')?.at(-1);
    if (!city) throw new Error('no city');
    const communes = childrenAt(cat, city, TEST_OPEN);
    const teams = communes.flatMap((c) => childrenAt(cat, c, TEST_OPEN));
    expect(communes).toHaveLength(126);
    expect(teams).toHaveLength(5247);
    const reporters = new Map<number, string[]>();
    for (const r of demo.db.sqlite
      .prepare(`SELECT unit_id AS unitId, phone FROM users WHERE role = 'reporter' AND active = 1 AND phone IS NOT NULL`)
      .all() as { unitId: number; phone: string }[]) {
      reporters.set(r.unitId, [...(reporters.get(r.unitId) ?? []), r.phone]);
    }
    const without = [...communes, ...teams].filter((u) => !reporters.get(u.id)?.some((p) => /^09\d{8}$/.test(p)));
    expect(without.map((u) => u.code)).toEqual([]);
    const phones = demo.db.sqlite.prepare(`SELECT phone FROM users WHERE username LIKE 'bc.%'`).pluck().all() as string[];
    expect(phones).toHaveLength(5247 + 126);
    expect(new Set(phones).size).toBe(phones.length);

    // they sign in with the published demo password; the named accounts are as they were
    const s = await demo.login('bc.00001-02');
    expect((await demo.get<MeReply>(s, '/api/me')).body.user).toMatchObject({ role: 'reporter', unit: { code: '00001-02' } });
    const named = demo.db.sqlite.prepare(`SELECT display_name AS displayName, role, phone FROM users WHERE username = 'to1.phucxa'`).get();
    expect(named).toEqual({ displayName: 'Tổ công tác 06 – Tổ dân phố số 1, Phúc Xá', role: 'reporter', phone: null });
  });
});
