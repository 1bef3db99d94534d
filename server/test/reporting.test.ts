import type { FiguresReply, LateReply, ReportReply } from '@tiendo/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_LAST_CLOSED, TEST_OPEN } from './constants.ts';
import { createTestApp, type Session, type TestContext } from './helpers.ts';

let t: TestContext;
let team: Session;
let commune: Session;
let leader: Session;
let secretariat: Session;
beforeAll(async () => {
  t = await createTestApp({ demo: true });
  team = await t.login('to1.phucxa');
  commune = await t.login('phucxa');
  leader = await t.login('lanhdao');
  secretariat = await t.login('thuky');
});
afterAll(() => t.close());

const url = (code: string, period = TEST_OPEN, action = '') => `/api/units/${code}/reports/${period}${action ? `/${action}` : ''}`;
const send = async <T = ReportReply>(s: Session, method: 'PUT' | 'POST', path: string, payload: unknown = {}) => {
  const r = await t.app.inject({ method, url: path, payload: payload as object, headers: s.headers });
  return { status: r.statusCode, body: r.json() as T };
};
const report = async (s: Session, code: string, period = TEST_OPEN) => (await t.get<ReportReply>(s, url(code, period))).body;
const cityValue = async (kpi: string, period = TEST_OPEN, basis = 'submitted') =>
  (await t.get<FiguresReply>(leader, `/api/units/01/figures?period=${period}&basis=${basis}`)).body.figures.find((f) => f.kpi === kpi);

describe('the monthly report workflow', () => {
  it('offers the dashboard figures as submitted or approved only', async () => {
    const sep = await cityValue('dinh_danh_tiep_nhan', '2022-09', 'approved');
    expect(sep?.cumulative).toBe((await cityValue('dinh_danh_tiep_nhan', '2022-09'))?.cumulative);
    // In the demo the last closed month is submitted but not yet approved.
    const submitted = await cityValue('dinh_danh_tiep_nhan', TEST_LAST_CLOSED);
    const approvedOnly = await cityValue('dinh_danh_tiep_nhan', TEST_LAST_CLOSED, 'approved');
    expect(submitted?.value).toBeGreaterThan(0);
    expect(approvedOnly?.value).toBeNull();
    expect(approvedOnly?.cumulative).toBeLessThan(submitted?.cumulative ?? 0);
  });

  it('shows a task team the form for its KPIs with last month beside each field', async () => {
    const r = await report(team, '00001-01');
    expect(r.state).toBe('not_started');
    expect(r.editable).toBe(true);
    expect(r.canDecide).toBe(false);
    expect(r.kpis.map((k) => k.code).sort()).toEqual(['cccd_thu_nhan', 'dinh_danh_tiep_nhan', 'lam_sach_dan_cu']);
    const received = r.kpis.find((k) => k.code === 'dinh_danh_tiep_nhan');
    expect(typeof received?.previous).toBe('number');
    expect(received?.cumulative).toBeGreaterThan(0);
    expect(r.values).toEqual({});
  });

  it('rejects bad values with a message per field and changes nothing', async () => {
    const bad = await send<{ error: { details: { errors: { kpi: string; field: string; message: string }[] } } }>(
      team,
      'PUT',
      url('00001-01'),
      {
        version: 0,
        values: { dinh_danh_tiep_nhan: -5, lam_sach_dan_cu: { numerator: 11, denominator: 10 }, van_ban_chi_dao: 3 },
      },
    );
    expect(bad.status).toBe(400);
    const kpis = bad.body.error.details.errors.map((e) => e.kpi).sort();
    expect(kpis).toEqual(['dinh_danh_tiep_nhan', 'lam_sach_dan_cu', 'van_ban_chi_dao']);
    expect((await report(team, '00001-01')).state).toBe('not_started');
  });

  it('saves a draft, and a stale second save gets 409 with what changed', async () => {
    const first = await send(team, 'PUT', url('00001-01'), { version: 0, values: { dinh_danh_tiep_nhan: 37 } });
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ state: 'draft', version: 1, values: { dinh_danh_tiep_nhan: 37 }, updatedBy: 'to1.phucxa' });
    const stale = await send<{ error: { details: { changes: { kpi: string }[]; currentVersion: number } } }>(
      commune,
      'PUT',
      url('00001-01'),
      {
        version: 0,
        values: { dinh_danh_tiep_nhan: 40 },
      },
    );
    expect(stale.status).toBe(409);
    expect(stale.body.error.details.currentVersion).toBe(1);
    expect(stale.body.error.details.changes.map((c) => c.kpi)).toContain('dinh_danh_tiep_nhan');
    expect((await report(team, '00001-01')).values.dinh_danh_tiep_nhan).toBe(37);
  });

  it('does not let a reporter touch a neighbour, nor a leader enter figures', async () => {
    expect((await send(team, 'PUT', url('00001-02'), { version: 0, values: {} })).status).toBe(403);
    expect((await send(team, 'POST', url('00001-02', TEST_OPEN, 'submit'), { version: 0 })).status).toBe(403);
    expect((await send(leader, 'PUT', url('00001-01'), { version: 1, values: {} })).status).toBe(403);
  });

  it('goes submit → return → resubmit → approve, and the city figure moves by exactly the amount', async () => {
    const before = (await cityValue('dinh_danh_tiep_nhan'))?.value ?? 0;
    const approvedBefore = (await cityValue('dinh_danh_tiep_nhan', TEST_OPEN, 'approved'))?.value ?? 0;
    const previous = await report(team, '00001-01');
    const prevOf = (k: string) => (previous.kpis.find((x) => x.code === k)?.previous as number | null) ?? 5;
    const amount = prevOf('dinh_danh_tiep_nhan') + 2;
    const full = {
      dinh_danh_tiep_nhan: amount,
      cccd_thu_nhan: prevOf('cccd_thu_nhan'),
      lam_sach_dan_cu: (previous.kpis.find((k) => k.code === 'lam_sach_dan_cu')?.previous as {
        numerator: number;
        denominator: number;
      }) ?? {
        numerator: 1,
        denominator: 1,
      },
    };
    const saved = await send(team, 'PUT', url('00001-01'), {
      version: previous.version,
      values: full,
      notes: { difficulties: 'Thiếu máy đọc chip', recommendations: 'Cấp thêm thiết bị' },
    });
    expect(saved.status).toBe(200);
    const submitted = await send(team, 'POST', url('00001-01', TEST_OPEN, 'submit'), { version: saved.body.version });
    expect(submitted.status).toBe(200);
    expect(submitted.body).toMatchObject({ state: 'submitted', editable: false, submittedBy: 'to1.phucxa' });
    expect(((await cityValue('dinh_danh_tiep_nhan'))?.value ?? 0) - before).toBe(amount);
    expect((await send(team, 'POST', url('00001-01', TEST_OPEN, 'approve'))).status).toBe(403);

    const noComment = await send(commune, 'POST', url('00001-01', TEST_OPEN, 'return'), { comment: '' });
    expect(noComment.status).toBe(400);
    const returned = await send(commune, 'POST', url('00001-01', TEST_OPEN, 'return'), {
      comment: 'Số hồ sơ tiếp nhận chưa khớp sổ theo dõi',
    });
    expect(returned.body).toMatchObject({ state: 'returned', comment: 'Số hồ sơ tiếp nhận chưa khớp sổ theo dõi', decidedBy: 'phucxa' });
    const mine = await report(team, '00001-01');
    expect(mine).toMatchObject({ state: 'returned', editable: true });
    expect(mine.values.dinh_danh_tiep_nhan).toBe(amount);

    const fixed = await send(team, 'PUT', url('00001-01'), { version: mine.version, values: { ...full, dinh_danh_tiep_nhan: amount + 1 } });
    const again = await send(team, 'POST', url('00001-01', TEST_OPEN, 'submit'), { version: fixed.body.version });
    expect(again.body.state).toBe('submitted');
    expect(((await cityValue('dinh_danh_tiep_nhan'))?.value ?? 0) - before).toBe(amount + 1);

    // Approved-only figures move at approval, not at submission.
    expect((await cityValue('dinh_danh_tiep_nhan', TEST_OPEN, 'approved'))?.value ?? 0).toBe(approvedBefore);
    const approved = await send(commune, 'POST', url('00001-01', TEST_OPEN, 'approve'));
    expect(((await cityValue('dinh_danh_tiep_nhan', TEST_OPEN, 'approved'))?.value ?? 0) - approvedBefore).toBe(amount + 1);
    expect(approved.body).toMatchObject({ state: 'approved', canDecide: false });
    expect(approved.body.history.map((h) => h.action)).toEqual(['create', 'submit', 'return', 'resubmit', 'approve']);
    // Approved figures are read-only.
    expect((await send(team, 'PUT', url('00001-01'), { version: approved.body.version, values: full })).status).toBe(409);
    // Only the secretariat reopens, with a reason that is logged.
    expect((await send(commune, 'POST', url('00001-01', TEST_OPEN, 'reopen'), { reason: 'Sửa lại' })).status).toBe(403);
    const reopened = await send(secretariat, 'POST', url('00001-01', TEST_OPEN, 'reopen'), { reason: 'Đơn vị báo nhầm số CCCD' });
    expect(reopened.body).toMatchObject({ state: 'returned', comment: 'Đơn vị báo nhầm số CCCD' });
    const audit = await t.get<{ entries: { action: string }[] }>(secretariat, '/api/audit?unit=00001-01');
    expect(audit.body.entries.map((e) => e.action)).toEqual(
      expect.arrayContaining(['report.submit', 'report.return', 'report.approve', 'report.reopen']),
    );
  });

  it('locks a period for reporters after the grace days, but not for the secretariat', async () => {
    const closed = await report(team, '00001-01', TEST_LAST_CLOSED);
    expect(closed.locked).toBe(true);
    const r = await send<{ error: { message: string } }>(team, 'PUT', url('00001-01', TEST_LAST_CLOSED), {
      version: closed.version,
      values: {},
    });
    expect([403, 409]).toContain(r.status);
    const missing = t.db.sqlite
      .prepare(
        `SELECT u.code FROM units u WHERE u.level = 4 AND u.path LIKE (SELECT path FROM units WHERE code = '001') || '%'
         AND NOT EXISTS (SELECT 1 FROM reports r WHERE r.unit_id = u.id AND r.period = ?) LIMIT 1`,
      )
      .pluck()
      .get(TEST_LAST_CLOSED) as string | undefined;
    if (missing) {
      const late = await report(secretariat, missing, TEST_LAST_CLOSED);
      expect(late).toMatchObject({ locked: true, editable: true, late: true });
    }
  });

  it('asks for an explanation of a value far outside the unit’s history', async () => {
    const s = await t.login('phucxa');
    const r = await report(s, '00001-02');
    const lam = r.kpis.find((k) => k.code === 'lam_sach_dan_cu')?.previous as { numerator: number; denominator: number };
    const prev = r.kpis.find((k) => k.code === 'cccd_thu_nhan')?.previous as number;
    const values = { dinh_danh_tiep_nhan: 5, cccd_thu_nhan: prev * 100 + 5000, lam_sach_dan_cu: lam };
    const saved = await send(s, 'PUT', url('00001-02'), { version: r.version, values });
    expect(saved.body.flags.map((f) => f.kpi)).toContain('cccd_thu_nhan');
    const refused = await send<{ error: { details: { errors: { kpi: string }[] } } }>(s, 'POST', url('00001-02', TEST_OPEN, 'submit'), {
      version: saved.body.version,
    });
    expect(refused.status).toBe(400);
    expect(refused.body.error.details.errors[0]?.kpi).toBe('cccd_thu_nhan');
    const explained = await send(s, 'PUT', url('00001-02'), {
      version: saved.body.version,
      values,
      explanations: { cccd_thu_nhan: 'Đợt cao điểm thu nhận tại trụ sở phường' },
    });
    expect(explained.body.flags.find((f) => f.kpi === 'cccd_thu_nhan')?.explanation).toMatch(/cao điểm/);
    expect((await send(s, 'POST', url('00001-02', TEST_OPEN, 'submit'), { version: explained.body.version })).status).toBe(200);
  });

  it('keeps applications processed at or below applications received, as running totals', async () => {
    const r = await report(commune, '00001');
    const bad = await send<{ error: { details: { errors: { kpi: string; message: string }[] } } }>(commune, 'PUT', url('00001'), {
      version: r.version,
      values: { dinh_danh_giai_quyet: 10_000_000 },
    });
    expect(bad.status).toBe(400);
    expect(bad.body.error.details.errors[0]).toMatchObject({ kpi: 'dinh_danh_giai_quyet' });
  });

  it('lists the late units below with their contacts', async () => {
    const late = await t.get<LateReply>(commune, `/api/units/00001/late?period=${TEST_OPEN}`);
    expect(late.status).toBe(200);
    expect(late.body.total).toBeGreaterThan(0);
    const row = late.body.units.find((u) => u.code === '00001-03');
    expect(row?.state).toBe('not_started');
    const one = await t.get<LateReply>(leader, `/api/units/00001/late?period=${TEST_LAST_CLOSED}`);
    expect(one.body.units.every((u) => u.daysLate > 0)).toBe(true);
  });
});
