/**
 * The findings of an attack on the running app, one test each, every one failing on the code as
 * it was: a tiny hostile upload that stopped the server, sign-in throttling that parallel requests
 * walked through, API tokens that outlived a password, a forged X-Forwarded-For, targets of other
 * districts, units probed by their 403s, an approved basis that kept a reopened report, and
 * replies cached by the browser.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { reformedWorld } from '@tiendo/seed/factories';
import type { FiguresReply, ReportReply, TargetsReply } from '@tiendo/shared';
import ExcelJS from 'exceljs';
import fc from 'fast-check';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../src/app.ts';
import { loadConfig } from '../src/config.ts';
import { type Db, openDb } from '../src/db/client.ts';
import { TEST_LAST_CLOSED, TEST_OPEN, TEST_TODAY } from './constants.ts';
import { createTestApp, DEMO_PASSWORD, type Session, type TestContext } from './helpers.ts';
import { loadWorld } from './support/world.ts';

/**
 * Hà Nội across the 2025 reform (a commune of another district that ended then, `00094`), with
 * Hồng Hà's teams from Phúc Xá `00001-01`…`00001-05` and from Phúc Tân `00037-01`, every one
 * of them waiting for Hồng Hà's decision on the last closed month.
 */
const WORLD = reformedWorld({ teams: [5, 1] });

let t: TestContext;
let commune: Session;
let leader: Session;
let secretariat: Session;
let admin: Session;
beforeAll(async () => {
  t = await createTestApp({ world: WORLD });
  commune = await t.login('hongha');
  leader = await t.login('lanhdao');
  secretariat = await t.login('thuky');
  admin = await t.login('admin');
});
afterAll(() => t.close());

/** The app behind one reverse proxy, configured as an operator would: `TRUST_PROXY=1`. */
async function proxiedApp(): Promise<{ app: FastifyInstance; db: Db; close(): Promise<void> }> {
  const dir = mkdtempSync(join(tmpdir(), 'tiendo-proxy-'));
  const path = join(dir, 'db.sqlite');
  const db = openDb(`file:${path}`);
  await loadWorld(db, WORLD, TEST_TODAY);
  const { trustProxy } = loadConfig({ TRUST_PROXY: '1' });
  const app = await buildApp({ db, config: { today: () => TEST_TODAY, logLevel: 'silent', trustProxy }, logger: false });
  await app.ready();
  return {
    app,
    db,
    close: async () => {
      await app.close();
      db.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

const multipart = (name: string, body: Buffer, boundary = '----tiendo-hardening') =>
  Buffer.concat([
    Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${name}"\r\nContent-Type: application/octet-stream\r\n\r\n`,
    ),
    body,
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
const importUrl = `/api/units/00097/reports/${TEST_OPEN}/import`;
const upload = (name: string, body: Buffer) =>
  t.app.inject({
    method: 'POST',
    url: importUrl,
    payload: multipart(name, body),
    headers: { ...commune.headers, 'content-type': 'multipart/form-data; boundary=----tiendo-hardening' },
  });
const TEMPLATE_HEADER = 'unit_code,unit_name,dinh_danh_tiep_nhan,cccd_thu_nhan,lam_sach_dan_cu_numerator,lam_sach_dan_cu_denominator';

interface ErrorReply {
  error: { code: string; message: string; details?: { errors?: { unit: string | null }[]; total?: number; omitted?: number } };
}

describe('uploads are bounded before they are read, off the event loop', () => {
  it('refuses an XLSX with one cell at row 1,048,576 at once, while health answers and city exports run', async () => {
    const wb = new ExcelJS.Workbook();
    wb.addWorksheet('Kỳ').getCell('A1048576').value = 1;
    const sparse = Buffer.from(await wb.xlsx.writeBuffer());
    expect(sparse.length).toBeLessThan(10_000);

    let pending = 0;
    const track = <T>(p: Promise<T>) => {
      pending++;
      return p.finally(() => pending--);
    };
    const exports = ['pdf', 'docx', 'xlsx', 'pdf'].map((format, i) =>
      track(
        t.app.inject({
          url: `/api/units/01/report?period=${TEST_LAST_CLOSED}&format=${format}&lang=${i === 3 ? 'en' : 'vi'}`,
          headers: leader.headers,
        }),
      ),
    );
    let uploaded = false;
    const hostile = track(upload('sparse.xlsx', sparse)).finally(() => {
      uploaded = true;
    });
    // Health, asked again and again while the upload and the exports are in flight.
    const health: { ms: number; status: number; pendingAfter: number }[] = [];
    while (pending > 0) {
      const started = performance.now();
      const r = await t.app.inject('/api/health');
      health.push({ ms: performance.now() - started, status: r.statusCode, pendingAfter: pending });
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
    const refused = await hostile;
    expect(uploaded).toBe(true);
    expect(refused.statusCode).toBe(422);
    expect((refused.json() as ErrorReply).error.code).toBe('upload_limit');
    expect((refused.json() as ErrorReply).error.message).toMatch(/quá nhiều dòng.*too many rows/);
    for (const r of await Promise.all(exports)) {
      expect(r.statusCode, r.body.slice(0, 200)).toBe(200);
      expect(r.rawPayload.length).toBeGreaterThan(1000);
    }
    // Health answered, every time, while work was still in flight.
    expect(health.length).toBeGreaterThan(1);
    expect(health.every((h) => h.status === 200)).toBe(true);
    expect(health.filter((h) => h.pendingAfter > 0).length).toBeGreaterThan(0);
    const worst = Math.max(...health.map((h) => h.ms));
    console.log(`health during a hostile upload and 4 city exports: ${health.length} answers, worst ${worst.toFixed(1)} ms`);
  });

  it('stops at the first limit: too many columns, an unterminated quote, too many rows, too many bytes', async () => {
    const wide = await upload('wide.csv', Buffer.from(`${Array.from({ length: 300_000 }, () => 'c').join(',')}\n`));
    expect(wide.statusCode).toBe(422);
    expect((wide.json() as ErrorReply).error).toMatchObject({ code: 'upload_limit', message: expect.stringMatching(/too many columns/) });
    expect(wide.body.length).toBeLessThan(1000);

    const quote = await upload('quote.csv', Buffer.from(`${TEMPLATE_HEADER}\n"${'x'.repeat(1_500_000)}`));
    expect(quote.statusCode).toBe(422);
    expect((quote.json() as ErrorReply).error.message).toMatch(/longer than 1000 characters/);
    expect(quote.body.length).toBeLessThan(1000);

    const tall = new ExcelJS.Workbook();
    const sheet = tall.addWorksheet('x');
    sheet.addRow(TEMPLATE_HEADER.split(','));
    for (let i = 0; i < 6000; i++) sheet.addRow([`x${i}`]);
    const rows = await upload('tall.xlsx', Buffer.from(await tall.xlsx.writeBuffer()));
    expect(rows.statusCode).toBe(422);
    expect((rows.json() as ErrorReply).error.message).toMatch(/too many rows/);

    const big = await upload('big.csv', Buffer.alloc(3 * 1024 * 1024, 'a'));
    expect(big.statusCode).toBe(413);
    expect(big.json()).toMatchObject({ error: { code: 'file_too_large' } });
  });

  it('lists the first 200 errors and counts the rest, echoing no more than the start of a value', async () => {
    const lines = Array.from({ length: 4000 }, (_, i) => `${'X'.repeat(300)}${i},tên,1,1,1,1`);
    const r = await upload('many.csv', Buffer.from(`${TEMPLATE_HEADER}\n${lines.join('\n')}\n`));
    expect(r.statusCode).toBe(422);
    const { details, message } = (r.json() as ErrorReply).error;
    expect(message).toMatch(/Có 4000 lỗi.*4000 errors/);
    expect(details?.errors).toHaveLength(200);
    expect(details).toMatchObject({ total: 4000, omitted: 3800 });
    expect(details?.errors?.every((e) => (e.unit ?? '').length <= 61)).toBe(true);
    expect(r.body.length).toBeLessThan(60_000);
  });
});

describe('sign-in throttling holds under concurrency', () => {
  const login = (app: FastifyInstance, username: string, password: string, headers: Record<string, string> = {}) =>
    app.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password }, headers });
  const failuresOf = (db: Db, username: string) =>
    db.sqlite.prepare('SELECT COUNT(*) FROM login_failures WHERE username = ?').pluck().get(username) as number;

  it('evaluates at most 10 of 60 parallel wrong passwords for one account, and audits the refusals once', async () => {
    const replies = await Promise.all(Array.from({ length: 60 }, (_, i) => login(t.app, 'lanhdao', `sai-mat-khau-${i}`)));
    const statuses = replies.map((r) => r.statusCode);
    const evaluated = statuses.filter((s) => s === 401).length;
    expect(evaluated).toBe(10);
    expect(statuses.filter((s) => s === 429)).toHaveLength(50);
    expect(failuresOf(t.db, 'lanhdao')).toBe(10);
    const refused = replies.find((r) => r.statusCode === 429);
    expect(refused?.headers['retry-after']).toMatch(/^\d+$/);
    // Not an audit row per refusal: one for the window, written when it closes, with the count.
    const throttledRows = () =>
      t.db.sqlite.prepare(`SELECT after FROM audit_log WHERE action = 'login.throttled' AND actor = 'lanhdao'`).pluck().all() as string[];
    expect(throttledRows()).toEqual([]);
    t.app.services.auth.flushThrottled(Date.now() + 16 * 60_000);
    const rows = throttledRows();
    expect(rows).toHaveLength(1);
    expect(JSON.parse(rows[0] as string)).toMatchObject({ limit: 'user_address', refused: 50 });
  });

  // 150 sign-ins, 100 of them hashing a password (scrypt): more than the default minute on a machine shared with other suites
  it('with TRUST_PROXY=1 reads the address the proxy saw, whatever the client wrote before it', { timeout: 180_000 }, async () => {
    const px = await proxiedApp();
    try {
      // 150 different usernames from one address, each with another forged first entry: the
      // per-address limit (100) still counts them as one place.
      const replies = await Promise.all(
        Array.from({ length: 150 }, (_, i) =>
          login(px.app, `khong-co-${i}`, 'mat-khau-sai', { 'x-forwarded-for': `6.6.${i % 250}.6, 198.51.100.9` }),
        ),
      );
      const statuses = replies.map((r) => r.statusCode);
      expect(statuses.filter((s) => s === 401)).toHaveLength(100);
      expect(statuses.filter((s) => s === 429)).toHaveLength(50);
      const ips = px.db.sqlite.prepare(`SELECT DISTINCT ip FROM audit_log WHERE action = 'login.failure'`).pluck().all();
      expect(ips).toEqual(['198.51.100.9']);
      // A session records the same address.
      const ok = await login(px.app, 'thuky', DEMO_PASSWORD, { 'x-forwarded-for': '6.6.6.6, 203.0.113.4' });
      expect(ok.statusCode).toBe(200);
      expect(px.db.sqlite.prepare(`SELECT ip FROM sessions ORDER BY created_at DESC LIMIT 1`).pluck().get()).toBe('203.0.113.4');
    } finally {
      await px.close();
    }
  });

  it('slows down guessing from many addresses without locking the user out of their usual one', async () => {
    const px = await proxiedApp();
    try {
      const from = (ip: string) => ({ 'x-forwarded-for': ip });
      expect((await login(px.app, 'thuky', DEMO_PASSWORD, from('203.0.113.20'))).statusCode).toBe(200);
      // A stranger fails on purpose from 40 addresses, 40 times.
      const statuses: number[] = [];
      for (let i = 0; i < 40; i++) statuses.push((await login(px.app, 'thuky', `doan-${i}`, from(`198.51.100.${i + 1}`))).statusCode);
      const evaluated = statuses.filter((s) => s === 401).length;
      expect(evaluated).toBeGreaterThanOrEqual(10);
      expect(evaluated).toBeLessThan(13);
      expect(statuses.filter((s) => s === 429).length).toBeGreaterThan(25);
      // From a new address the user waits (asked straight after the guessing, while its wait
      // runs: a sign-in hashes a password, which on a busy machine takes longer than the wait);
      // at their usual address they sign in at once.
      const elsewhere = await login(px.app, 'thuky', DEMO_PASSWORD, from('192.0.2.50'));
      expect(elsewhere.statusCode).toBe(429);
      expect((elsewhere.json() as ErrorReply).error.message).toMatch(/thử lại sau \d+ (giây|phút).*try again in \d+ (seconds|minutes)/);
      expect((await login(px.app, 'thuky', DEMO_PASSWORD, from('203.0.113.20'))).statusCode).toBe(200);
    } finally {
      await px.close();
    }
  });
});

describe('credentials die with the password', () => {
  const post = (url: string, payload: unknown, headers: Record<string, string>) =>
    t.app.inject({ method: 'POST', url, payload: payload as object, headers });
  const tokenFor = async (s: Session) => {
    const r = await post('/api/tokens', { name: 'kho dữ liệu' }, s.headers);
    expect(r.statusCode).toBe(201);
    return { authorization: `Bearer ${(r.json() as { token: string }).token}` };
  };

  it("revokes the user's API tokens when they change their password", async () => {
    await t.app.services.users.create(
      { username: 'doi.mk.token', displayName: 'Đổi mật khẩu', unitCode: '00097', role: 'approver', password: 'mat-khau-cu-dai-du' },
      null,
    );
    const s = await t.login('doi.mk.token', 'mat-khau-cu-dai-du');
    const bearer = await tokenFor(s);
    expect((await t.app.inject({ url: '/api/me', headers: bearer })).statusCode).toBe(200);
    const changed = await post(
      '/api/me/password',
      { currentPassword: 'mat-khau-cu-dai-du', newPassword: 'mat-khau-moi-dai-du' },
      s.headers,
    );
    expect(changed.statusCode).toBe(200);
    expect((await t.app.inject({ url: '/api/me', headers: bearer })).statusCode).toBe(401);
    const audit = t.db.sqlite
      .prepare(`SELECT after FROM audit_log WHERE action = 'user.password_change' AND actor = 'doi.mk.token'`)
      .pluck()
      .get() as string;
    expect(JSON.parse(audit)).toMatchObject({ tokensRevoked: 1 });
  });

  it('revokes them when an administrator resets the password', async () => {
    await t.app.services.users.create(
      { username: 'quen.mk.token', displayName: 'Quên mật khẩu', unitCode: '00097', role: 'approver', password: 'mat-khau-cu-dai-du' },
      null,
    );
    const bearer = await tokenFor(await t.login('quen.mk.token', 'mat-khau-cu-dai-du'));
    expect((await t.app.inject({ url: '/api/me', headers: bearer })).statusCode).toBe(200);
    const reset = await post('/api/users/quen.mk.token/reset-password', {}, admin.headers);
    expect(reset.statusCode).toBe(200);
    expect((await t.app.inject({ url: '/api/me', headers: bearer })).statusCode).toBe(401);
  });

  it('signs out everywhere: every session of the account ends, other accounts keep theirs', async () => {
    const a = await t.login('phuongbadinh');
    const b = await t.login('phuongbadinh');
    const r = await post('/api/auth/logout-everywhere', {}, a.headers);
    expect(r.statusCode).toBe(200);
    expect((r.json() as { sessionsEnded: number }).sessionsEnded).toBeGreaterThanOrEqual(2);
    expect((await t.get(a, '/api/me')).status).toBe(401);
    expect((await t.get(b, '/api/me')).status).toBe(401);
    expect((await t.get(commune, '/api/me')).status).toBe(200);
  });
});

describe('scope everywhere', () => {
  it("shows a reporter the targets of its own unit and tiers, not other units'", async () => {
    const old = (await t.get<TargetsReply>(admin, '/api/kpis/lam_sach_dan_cu/targets')).body.current;
    const put = await t.app.inject({
      method: 'PUT',
      url: '/api/kpis/lam_sach_dan_cu/targets',
      headers: admin.headers,
      payload: [
        ...old.map((x) => ({ level: x.level as number, value: x.value, deadline: x.deadline })),
        { unit: '00004', value: 95, deadline: '2027-06' },
        { unit: '00001-01', value: 97, deadline: '2027-06' },
      ],
    });
    expect(put.statusCode, put.body).toBe(200);
    const unitsSeenBy = async (s: Session) => {
      const body = (await t.get<TargetsReply>(s, '/api/kpis/lam_sach_dan_cu/targets')).body;
      return {
        current: body.current.flatMap((x) => (x.unit ? [x.unit.code] : [])).sort(),
        history: [...new Set(body.history.flatMap((x) => (x.unit ? [x.unit.code] : [])))].sort(),
        tiers: body.current.filter((x) => x.unit === null).length,
      };
    };
    const team = await t.login('to1.phucxa');
    expect(await unitsSeenBy(team)).toEqual({ current: ['00001-01'], history: ['00001-01'], tiers: old.length });
    expect(await unitsSeenBy(commune)).toEqual({ current: ['00001-01'], history: ['00001-01'], tiers: old.length });
    expect(await unitsSeenBy(secretariat)).toEqual({ current: ['00001-01', '00004'], history: ['00001-01', '00004'], tiers: old.length });
  });

  it('answers a unit the caller cannot know of exactly as an unknown code', async () => {
    const team = await t.login('to1.phucxa');
    const phucxa = await t.login('phucxa');
    const get = (s: Session, code: string, url: string) => t.get<ErrorReply>(s, url.replace('CODE', code));
    const sameAsUnknown = (reply: { status: number; body: ErrorReply }, code: string, unknown: ErrorReply) => {
      expect(reply.status).toBe(404);
      expect(reply.body).toEqual({
        error: { code: 'unit_not_found', message: unknown.error.message.replaceAll('99999-99', code), details: { unit: code } },
      });
    };
    for (const url of [
      `/api/units/CODE/figures?period=${TEST_LAST_CLOSED}`,
      `/api/units/CODE/report?period=${TEST_LAST_CLOSED}&format=xlsx`,
      `/api/units/CODE/reports/${TEST_OPEN}`,
    ]) {
      // A team of another commune; a commune of another district that ended in 2025-06 (its
      // code names nothing now), asked by the account of a commune that ended then too.
      const unknown = await get(team, '99999-99', url);
      expect(unknown.status).toBe(404);
      sameAsUnknown(await get(team, '00004-01', url), '00004-01', unknown.body);
      sameAsUnknown(await get(phucxa, '00094', url), '00094', unknown.body);
      // Its own ended code still says where its teams went.
      expect((await get(phucxa, '00001', url)).body.error.code).toBe('unit_not_in_period');
    }
    // A unit it can know of (a team beside it, its commune) is still refused by name.
    expect((await get(team, '00001-02', `/api/units/CODE/figures?period=${TEST_LAST_CLOSED}`)).status).toBe(403);
    expect((await get(team, '00097', `/api/units/CODE/figures?period=${TEST_LAST_CLOSED}`)).status).toBe(403);

    // The pickers' list: a far unit as `parent` answers as an unknown one, not as an empty list.
    const unknownParent = await get(team, '99999-99', '/api/units?parent=CODE');
    expect(unknownParent.status).toBe(404);
    sameAsUnknown(await get(team, '00004-01', '/api/units?parent=CODE'), '00004-01', unknownParent.body);
    // Its own commune is known: the list answers, with only what is in scope.
    const own = await t.get<{ total: number; units: { code: string }[] }>(team, '/api/units?parent=00097&pageSize=200');
    expect(own.status).toBe(200);
    expect(own.body.units.map((u) => u.code)).toEqual(['00001-01']);
  });
});

/** Phường Hồng Hà's teams whose reports of the last closed month are submitted in WORLD, from both its predecessors. */
const TEAMS = ['00001-03', '00001-04', '00001-05', '00037-01'];

describe('basis=approved counts exactly the reports approved now', () => {
  const approvedValue = async (code: string, kpi: string, period = TEST_LAST_CLOSED) =>
    (await t.get<FiguresReply>(leader, `/api/units/${code}/figures?period=${period}&basis=approved`)).body.figures.find(
      (f) => f.kpi === kpi,
    )?.value ?? 0;
  const reportUrl = (code: string, action = '') => `/api/units/${code}/reports/${TEST_LAST_CLOSED}${action ? `/${action}` : ''}`;
  const send = (s: Session, action: string, code: string, payload: unknown = {}) =>
    t.app.inject({
      method: action === 'save' ? 'PUT' : 'POST',
      url: reportUrl(code, action === 'save' ? '' : action),
      payload: payload as object,
      headers: s.headers,
    });
  const stateOf = async (code: string) => (await t.get<ReportReply>(secretariat, reportUrl(code))).body;
  const ownValue = (code: string, kpi: string) =>
    t.db.sqlite
      .prepare(
        `SELECT f.value FROM figures f JOIN unit_versions v ON v.unit_id = f.unit_id JOIN kpis k ON k.id = f.kpi_id
         WHERE v.code = ? AND COALESCE(v.valid_from, '') <= ? AND COALESCE(v.valid_to, '9999-12') >= ? AND f.period = ? AND k.code = ?`,
      )
      .pluck()
      .get(code, TEST_LAST_CLOSED, TEST_LAST_CLOSED, TEST_LAST_CLOSED, kpi) as number | undefined;

  it('drops a reopened report from the approved basis at once', async () => {
    const team = '00001-02';
    const before = await approvedValue('00097', 'dinh_danh_tiep_nhan');
    expect((await send(commune, 'approve', team)).statusCode).toBe(200);
    const own = ownValue(team, 'dinh_danh_tiep_nhan') ?? 0;
    expect(own).toBeGreaterThan(0);
    expect(await approvedValue('00097', 'dinh_danh_tiep_nhan')).toBe(before + own);
    const reopened = await send(secretariat, 'reopen', team, { reason: 'Báo nhầm số liệu' });
    expect(reopened.statusCode).toBe(200);
    expect((reopened.json() as ReportReply).state).toBe('returned');
    expect(await approvedValue('00097', 'dinh_danh_tiep_nhan')).toBe(before);
  });

  it('agrees with a recomputation after any sequence of approvals, returns, reopenings and resubmissions', {
    timeout: 300_000,
  }, async () => {
    const approvedRows = t.db.sqlite.prepare(
      `SELECT k.code AS kpi, fa.value, fa.numerator, fa.denominator, fa.items FROM figures_approved fa
       JOIN kpis k ON k.id = fa.kpi_id JOIN unit_versions v ON v.unit_id = fa.unit_id
       WHERE v.code = ? AND COALESCE(v.valid_from, '') <= @p AND COALESCE(v.valid_to, '9999-12') >= @p AND fa.period = @p ORDER BY k.code`,
    );
    const submittedRows = t.db.sqlite.prepare(approvedRows.source.replace('figures_approved', 'figures'));
    for (const code of TEAMS) expect([code, (await stateOf(code)).state]).toEqual([code, 'submitted']);
    const baseline = await approvedValue('00097', 'dinh_danh_tiep_nhan');
    type Step = { team: string; action: 'approve' | 'return' | 'reopen' | 'resubmit'; add: number };
    const apply = async (s: Step) => {
      if (s.action === 'approve') await send(commune, 'approve', s.team);
      else if (s.action === 'return') await send(commune, 'return', s.team, { comment: 'Kiểm tra lại' });
      else if (s.action === 'reopen') await send(secretariat, 'reopen', s.team, { reason: 'Mở lại để sửa' });
      else {
        const r = await stateOf(s.team);
        if (r.state !== 'returned') return;
        const values = { ...r.values, dinh_danh_tiep_nhan: ((r.values.dinh_danh_tiep_nhan as number | undefined) ?? 0) + s.add };
        const saved = await send(secretariat, 'save', s.team, { version: r.version, values });
        if (saved.statusCode === 200) await send(secretariat, 'submit', s.team, { version: (saved.json() as ReportReply).version });
      }
    };
    /** The approved copy of each team's figures exists exactly while its report is approved, and adds up. */
    const check = async () => {
      let expected = baseline;
      for (const code of TEAMS) {
        const { state } = await stateOf(code);
        const copy = approvedRows.all(code, { p: TEST_LAST_CLOSED });
        if (state === 'approved') {
          expect(copy, `${code} approved`).toEqual(submittedRows.all(code, { p: TEST_LAST_CLOSED }));
          expected += ownValue(code, 'dinh_danh_tiep_nhan') ?? 0;
        } else expect(copy, `${code} ${state}`).toEqual([]);
      }
      expect(await approvedValue('00097', 'dinh_danh_tiep_nhan')).toBe(expected);
    };
    const step = fc.record({
      team: fc.constantFrom(...TEAMS),
      action: fc.constantFrom('approve' as const, 'return' as const, 'reopen' as const, 'resubmit' as const),
      add: fc.integer({ min: 0, max: 2 }),
    });
    await fc.assert(
      fc.asyncProperty(fc.array(step, { minLength: 1, maxLength: 6 }), async (steps) => {
        for (const s of steps) {
          await apply(s);
          await check();
        }
      }),
      { numRuns: 8, seed: 16 },
    );
    // Then one tour through every transition, whatever the random walks left untried.
    const team = TEAMS[0] as string;
    const start = (await stateOf(team)).state;
    if (start === 'approved') await apply({ team, action: 'reopen', add: 0 });
    if ((await stateOf(team)).state === 'returned') await apply({ team, action: 'resubmit', add: 0 });
    const tour: [Step['action'], string][] = [
      ['approve', 'approved'],
      ['reopen', 'returned'],
      ['resubmit', 'submitted'],
      ['return', 'returned'],
      ['resubmit', 'submitted'],
      ['approve', 'approved'],
    ];
    expect((await stateOf(team)).state).toBe('submitted');
    for (const [action, state] of tour) {
      await apply({ team, action, add: 1 });
      expect([action, (await stateOf(team)).state]).toEqual([action, state]);
      await check();
    }
    const taken = t.db.sqlite
      .prepare(
        `SELECT e.from_state || '>' || e.to_state AS move, COUNT(*) AS n FROM report_events e JOIN unit_versions v ON v.unit_id = e.unit_id
         WHERE e.period = @p AND v.code IN (${TEAMS.map(() => '?').join(',')})
           AND COALESCE(v.valid_from, '') <= @p AND COALESCE(v.valid_to, '9999-12') >= @p GROUP BY move`,
      )
      .all(...TEAMS, { p: TEST_LAST_CLOSED }) as { move: string; n: number }[];
    const moves = new Map(taken.map((m) => [m.move, m.n]));
    for (const move of ['submitted>approved', 'submitted>returned', 'approved>returned', 'returned>submitted'])
      expect(moves.get(move) ?? 0, move).toBeGreaterThan(0);
    // The approved roll-ups kept step by step equal a rebuild from scratch, for a count and a
    // carried level, in Hồng Hà and in the city, in the month and the one after.
    const cat = t.app.services.catalog.get();
    const kpis = ['dinh_danh_tiep_nhan', 'lam_sach_dan_cu'].map((c) => t.app.services.catalog.kpi(c));
    const units = ['00097', '01'].map((c) => t.app.services.catalog.unitAt(c, TEST_LAST_CLOSED));
    const rowAt = t.db.sqlite.prepare(
      `SELECT value, numerator, denominator FROM rollups_approved WHERE unit_id = ? AND kpi_id = ? AND period <= ?
       ORDER BY period DESC LIMIT 1`,
    );
    const exactAt = t.db.sqlite.prepare(
      'SELECT value, numerator, denominator FROM rollups_approved WHERE unit_id = ? AND kpi_id = ? AND period = ?',
    );
    const figures = () =>
      units.flatMap((u) =>
        kpis.flatMap((k) =>
          [TEST_LAST_CLOSED, TEST_OPEN].map((p) => ({
            unit: u.code,
            kpi: k.code,
            period: p,
            row: (k.carried ? rowAt : exactAt).get(u.id, k.id, p) ?? null,
          })),
        ),
      );
    const incremental = figures();
    expect(incremental.some((f) => f.row !== null)).toBe(true);
    t.db.sqlite.exec('BEGIN');
    try {
      t.app.services.rollups.rebuildRollups('approved', cat, new Date().toISOString(), kpis);
      expect(figures()).toEqual(incremental);
    } finally {
      t.db.sqlite.exec('ROLLBACK');
    }
  });
});

describe('caching and transport headers', () => {
  it('sends Cache-Control: no-store on every authenticated reply, errors included', async () => {
    for (const url of ['/api/me', `/api/units/01/figures?period=${TEST_LAST_CLOSED}`, '/api/kpis', '/api/units/99999', '/api/tokens']) {
      const r = await t.app.inject({ url, headers: leader.headers });
      expect([url, r.headers['cache-control']]).toEqual([url, 'no-store']);
    }
    const file = await t.app.inject({ url: `/api/units/01/report?period=${TEST_LAST_CLOSED}&format=xlsx`, headers: leader.headers });
    expect(file.headers['cache-control']).toMatch(/no-store/);
  });

  it('sends HSTS only when the request came over TLS', async () => {
    expect((await t.app.inject('/api/health')).headers['strict-transport-security']).toBeUndefined();
    // Without a trusted proxy a forged X-Forwarded-Proto changes nothing.
    expect(
      (await t.app.inject({ url: '/api/health', headers: { 'x-forwarded-proto': 'https' } })).headers['strict-transport-security'],
    ).toBeUndefined();
    const px = await proxiedApp();
    try {
      const tls = await px.app.inject({ url: '/api/health', headers: { 'x-forwarded-proto': 'https' } });
      expect(tls.headers['strict-transport-security']).toMatch(/max-age=\d+/);
      expect((await px.app.inject('/api/health')).headers['strict-transport-security']).toBeUndefined();
    } finally {
      await px.close();
    }
  });
});

describe('TRUST_PROXY', () => {
  it('takes a number of proxies or their addresses, never "trust everyone"', () => {
    expect(loadConfig({}).trustProxy).toBe(false);
    expect(loadConfig({ TRUST_PROXY: '0' }).trustProxy).toBe(false);
    expect(loadConfig({ TRUST_PROXY: '2' }).trustProxy).toBe(2);
    expect(loadConfig({ TRUST_PROXY: '10.0.0.5, 10.1.0.0/16,loopback' }).trustProxy).toEqual(['10.0.0.5', '10.1.0.0/16', 'loopback']);
    expect(() => loadConfig({ TRUST_PROXY: 'true' })).toThrow(/TRUST_PROXY/);
  });
});
