import { reformedWorld, SMALL_WORLD_KPIS, type WorldFactory } from '@tiendo/seed/factories';
import { type FiguresReply, formatNumberText, type LateReply, type ReportReply, type SeriesReply } from '@tiendo/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_REPORTER_PREFIX, demoPhone } from '../src/services/demo-service.ts';
import { TEST_LAST_CLOSED, TEST_OPEN } from './constants.ts';
import { createTestApp, type Session, type TestContext } from './helpers.ts';

/** The last month of the map before the July-2025 reorganisation, and the first after it. */
const LAST_OLD = '2025-06';
const FIRST_NEW = '2025-07';

/**
 * Hà Nội across the 2025 reform: Phúc Xá's five teams go to Hồng Hà with Phúc Tân's, Trúc Bạch's
 * code goes on as Ba Đình; figures since 2022 (approved up to the month before the last closed
 * one), the directive documents a team does not report, Phúc Xá's third team silent last month,
 * and every reporter account with the demo's phone.
 */
function world(): WorldFactory {
  const base = reformedWorld({
    teams: [5, 1],
    kpis: [...SMALL_WORLD_KPIS, 'van_ban_chi_dao'],
    from: '2022-01',
    missing: ['00001-03'],
  });
  return (ctx) => {
    const w = base(ctx);
    const accounts = w.accounts.map((a) =>
      a.username.startsWith(DEMO_REPORTER_PREFIX) ? { ...a, phone: demoPhone(a.username.slice(DEMO_REPORTER_PREFIX.length)) } : a,
    );
    return { ...w, accounts };
  };
}

let t: TestContext;
let team: Session;
/** Phường Hồng Hà (`00097` from 2025-07): the level above Tổ dân phố số 1 (`00001-01`) in the open period. */
let commune: Session;
let leader: Session;
let secretariat: Session;
beforeAll(async () => {
  t = await createTestApp({ world: world() });
  team = await t.login('to1.phucxa');
  commune = await t.login('hongha');
  leader = await t.login('lanhdao');
  secretariat = await t.login('thuky');
});
afterAll(() => t.close());

interface ErrorBody {
  error: { code: string; message: string; details?: { successors?: { code: string; name: string }[] } };
}

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
    // As in the demo, the last closed month is submitted but not yet approved.
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
    expect(returned.body).toMatchObject({ state: 'returned', comment: 'Số hồ sơ tiếp nhận chưa khớp sổ theo dõi', decidedBy: 'hongha' });
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
    expect(approved.body.decidedBy).toBe('hongha');
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
    // A team of Hồng Hà that did not report last month.
    const late = await t.get<LateReply>(secretariat, `/api/units/00097/late?period=${TEST_LAST_CLOSED}`);
    const missing = late.body.units.find((u) => u.level === 4 && u.state === 'not_started')?.code;
    expect(missing).toBeDefined();
    const overdue = await report(secretariat, missing as string, TEST_LAST_CLOSED);
    expect(overdue).toMatchObject({ locked: true, editable: true, late: true });
  });

  it('asks for an explanation of a value far outside the unit’s history', async () => {
    const s = commune;
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
    const r = await report(commune, '00097');
    expect(r.unit).toMatchObject({ code: '00097', name: 'Hồng Hà' });
    const bad = await send<{ error: { details: { errors: { kpi: string; message: string }[] } } }>(commune, 'PUT', url('00097'), {
      version: r.version,
      values: { dinh_danh_giai_quyet: 10_000_000 },
    });
    expect(bad.status).toBe(400);
    expect(bad.body.error.details.errors[0]).toMatchObject({ kpi: 'dinh_danh_giai_quyet' });
  });

  it('counts a new commune’s running totals from its rebuilt past on both sides of that rule', async () => {
    // Hồng Hà exists from 2025-07; its processed total goes on from what Phúc Xá and Phúc Tân had
    // processed, as the received total goes on from what their teams had received.
    const series = await t.get<SeriesReply>(
      commune,
      `/api/units/00097/series?kpi=dinh_danh_giai_quyet&from=${LAST_OLD}&to=${TEST_LAST_CLOSED}`,
    );
    const [rebuilt, ...own] = series.body.points;
    expect(rebuilt).toMatchObject({ period: LAST_OLD, rebuilt: true });
    const inherited = rebuilt?.cumulative ?? 0;
    expect(inherited).toBeGreaterThan(0);
    const ownSince = own.reduce((s, p) => s + (p.value ?? 0), 0);
    expect(own.at(-1)?.cumulative).toBe(inherited + ownSince);

    const figures = (await t.get<FiguresReply>(commune, `/api/units/00097/figures?period=${TEST_OPEN}`)).body.figures;
    const processed = figures.find((f) => f.kpi === 'dinh_danh_giai_quyet')?.cumulative as number;
    const received = figures.find((f) => f.kpi === 'dinh_danh_tiep_nhan')?.cumulative as number;
    expect(processed).toBe(inherited + ownSince);
    const r = await report(commune, '00097');
    // The form shows the running total the dashboard shows.
    expect(r.kpis.find((k) => k.code === 'dinh_danh_giai_quyet')?.cumulative).toBe(processed);

    const room = received - processed;
    expect(room).toBeGreaterThan(0);
    // Counting only the months since 2025-07 would let through `inherited` more than was received.
    const over = await send<{ error: { details: { errors: { kpi: string; message: string }[] } } }>(commune, 'PUT', url('00097'), {
      version: r.version,
      values: { dinh_danh_giai_quyet: room + 1 },
    });
    expect(over.status).toBe(400);
    expect(over.body.error.details.errors).toEqual([
      expect.objectContaining({
        kpi: 'dinh_danh_giai_quyet',
        message: expect.stringContaining(`(${formatNumberText(processed + room + 1, 'vi')})`),
      }),
    ]);
    const atLimit = await send(commune, 'PUT', url('00097'), { version: r.version, values: { dinh_danh_giai_quyet: room } });
    expect(atLimit.status).toBe(200);
    expect(atLimit.body).toMatchObject({ state: 'draft', values: { dinh_danh_giai_quyet: room } });
  });

  it('lists the late units below with their contacts', async () => {
    const late = await t.get<LateReply>(commune, `/api/units/00097/late?period=${TEST_OPEN}`);
    expect(late.status).toBe(200);
    expect(late.body.unit).toMatchObject({ code: '00097', name: 'Hồng Hà' });
    expect(late.body.total).toBeGreaterThan(0);
    // Hồng Hà's teams only, whichever commune they came from.
    expect(late.body.byLevel).toEqual([{ level: 4, count: late.body.total }]);
    expect(late.body.units.every((u) => u.parentName === 'Hồng Hà')).toBe(true);
    const first = late.body.units.find((u) => u.code === '00001-01');
    expect(first?.state).toBe('returned');
    // the named demo account, and the demo's reporter account with a phone that every team has
    expect(first?.contacts).toHaveLength(2);
    expect(first?.contacts).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ username: 'to1.phucxa', role: 'reporter' }),
        expect.objectContaining({ username: 'bc.00001-01', role: 'reporter', phone: expect.stringMatching(/^09\d{8}$/) }),
      ]),
    );
    expect(late.body.units.find((u) => u.code === '00001-03')?.state).toBe('not_started');
    expect(late.body.units.find((u) => u.code === '00037-01')?.state).toBe('not_started');
    // Submitted in the test above: not late.
    expect(late.body.units.some((u) => u.code === '00001-02')).toBe(false);
    const one = await t.get<LateReply>(leader, `/api/units/00097/late?period=${TEST_LAST_CLOSED}`);
    expect(one.body.total).toBeGreaterThan(0);
    expect(one.body.units.every((u) => u.daysLate > 0)).toBe(true);
  });

  it('lists the city’s late communes and teams on the map of the period, never a district', async () => {
    const late = await t.get<LateReply>(leader, `/api/units/01/late?period=${TEST_OPEN}`);
    expect(late.status).toBe(200);
    expect(late.body.byLevel.map((b) => b.level)).toEqual([3, 4]);
    expect(late.body.units.every((u) => u.level === 3 || u.level === 4)).toBe(true);
    const communes = late.body.units.filter((u) => u.level === 3);
    expect(communes.length).toBeGreaterThan(0);
    expect(communes.every((u) => u.parentName === 'Hà Nội')).toBe(true);
    expect(communes.find((u) => u.code === '00097')).toMatchObject({
      name: 'Hồng Hà',
      contacts: expect.arrayContaining([
        expect.objectContaining({ username: 'hongha', role: 'approver' }),
        expect.objectContaining({ username: 'bc.00097', role: 'reporter' }),
      ]),
    });
    // `00004` names the new Phường Ba Đình now, not Trúc Bạch.
    expect(communes.find((u) => u.code === '00004')?.name).toBe('Ba Đình');
    expect(late.body.units.find((u) => u.code === '00001-01')?.parentName).toBe('Hồng Hà');
    expect(late.body.units.some((u) => u.code === '00001' || u.code === '001')).toBe(false);
  });
});

describe('accounts whose unit ended with the 2025 reorganisation', () => {
  it('read their unit’s reports up to 2025-06', async () => {
    const phucxa = await t.login('phucxa');
    const badinh = await t.login('badinh');
    const reads: [Session, string, string][] = [
      [phucxa, '00001', 'Phúc Xá'],
      [phucxa, '00001-01', 'Tổ dân phố số 1'],
      [badinh, '001', 'Ba Đình'],
      [badinh, '00004', 'Trúc Bạch'],
      [badinh, '00001-01', 'Tổ dân phố số 1'],
    ];
    for (const [s, code, name] of reads) {
      const r = await t.get<ReportReply>(s, url(code, LAST_OLD));
      expect(r.status, `${s.username} ${code}`).toBe(200);
      expect(r.body).toMatchObject({ unit: { code, name }, state: 'approved', editable: false, canDecide: false });
    }
  });

  it('change nothing from 2025-07: their code names no unit then, and their former teams are another unit’s', async () => {
    const snapshot = () =>
      t.db.sqlite
        .prepare(
          `SELECT (SELECT COUNT(*) FROM report_events) || ':' || (SELECT COALESCE(SUM(version), 0) FROM reports) || ':' ||
                  (SELECT COUNT(*) FROM reports) || ':' || (SELECT COUNT(*) || '/' || COALESCE(SUM(value), 0) FROM figures)`,
        )
        .pluck()
        .get() as string;
    const before = snapshot();
    const attempts = (code: string, period: string): [string, 'PUT' | 'POST', string, unknown][] => [
      ['save', 'PUT', url(code, period), { version: 0, values: { van_ban_chi_dao: 1 } }],
      ['submit', 'POST', url(code, period, 'submit'), { version: 0 }],
      ['approve', 'POST', url(code, period, 'approve'), {}],
      ['return', 'POST', url(code, period, 'return'), { comment: 'Kiểm tra lại' }],
    ];
    const accounts = [
      { s: await t.login('phucxa'), home: '00001', former: ['00001-01', '00001-02'] },
      { s: await t.login('badinh'), home: '001', former: ['00004', '00001-01'] },
    ];
    for (const { s, home, former } of accounts) {
      for (const period of [FIRST_NEW, TEST_OPEN]) {
        const read = await t.get<ErrorBody>(s, url(home, period));
        expect(read.status).toBe(404);
        expect(read.body.error.code).toBe('unit_not_in_period');
        for (const [what, method, path, body] of attempts(home, period)) {
          const r = await send<ErrorBody>(s, method, path, body);
          expect([r.status, r.body.error.code], `${s.username} ${what} ${home} ${period}`).toEqual([404, 'unit_not_in_period']);
        }
        for (const code of former) {
          for (const [what, method, path, body] of attempts(code, period)) {
            const r = await send<ErrorBody>(s, method, path, body);
            expect([r.status, r.body.error.code], `${s.username} ${what} ${code} ${period}`).toEqual([403, 'no_access']);
          }
        }
      }
    }
    // Phúc Xá's code points to where its units went.
    const gone = await t.get<ErrorBody>(accounts[0]?.s as Session, url('00001', TEST_OPEN));
    expect(gone.body.error.details?.successors).toEqual([expect.objectContaining({ code: '00097', name: 'Hồng Hà' })]);
    expect(snapshot()).toBe(before);
  });
});

describe('approval on the map of the period concerned', () => {
  it('leaves a 2025-06 report of a Phúc Xá team to Phúc Xá: Hồng Hà, its successor, reads it but cannot decide', async () => {
    const code = '00001-05';
    // The 2025-06 reports are approved: the secretariat reopens one and sends it again.
    const reopened = await send(secretariat, 'POST', url(code, LAST_OLD, 'reopen'), { reason: 'Rà soát sau sắp xếp đơn vị' });
    expect(reopened.body.state).toBe('returned');
    const resubmitted = await send(secretariat, 'POST', url(code, LAST_OLD, 'submit'), { version: reopened.body.version });
    expect(resubmitted.status).toBe(200);
    expect(resubmitted.body.state).toBe('submitted');

    const seen = await t.get<ReportReply>(commune, url(code, LAST_OLD));
    expect(seen.status).toBe(200);
    expect(seen.body).toMatchObject({ unit: { code }, state: 'submitted', canDecide: false, editable: false });
    const approve = await send<ErrorBody>(commune, 'POST', url(code, LAST_OLD, 'approve'));
    expect([approve.status, approve.body.error.code]).toEqual([403, 'not_your_report']);
    const ret = await send<ErrorBody>(commune, 'POST', url(code, LAST_OLD, 'return'), { comment: 'Chưa khớp' });
    expect([ret.status, ret.body.error.code]).toEqual([403, 'not_your_report']);
    expect((await report(commune, code, LAST_OLD)).state).toBe('submitted');

    // In 2025-06 the team's level above was Phúc Xá, so its account decides.
    const phucxa = await t.login('phucxa');
    expect((await report(phucxa, code, LAST_OLD)).canDecide).toBe(true);
    const approved = await send(phucxa, 'POST', url(code, LAST_OLD, 'approve'));
    expect(approved.status).toBe(200);
    expect(approved.body).toMatchObject({ state: 'approved', decidedBy: 'phucxa' });
  });
});
