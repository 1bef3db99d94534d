/**
 * The bell: each kind of notification raised once for the right people, read marks, and nobody
 * ever sees another's notifications. Scheduled ones run the tick on a clock of the test's choosing.
 */

import { smallWorld } from '@tiendo/seed/factories';
import { addDays, type LateReply, type NotificationsReply, type RemindLateReply, type ReportReply } from '@tiendo/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServices } from '../src/services/index.ts';
import { TEST_LAST_CLOSED, TEST_OPEN } from './constants.ts';
import { createTestApp, DEMO_PASSWORD, type Session, type TestContext } from './helpers.ts';

let t: TestContext;
let team: Session;
let commune: Session;
let thuky: Session;
let leader: Session;

beforeAll(async () => {
  t = await createTestApp({ world: smallWorld() });
  team = await t.login('to1.phucxa');
  commune = await t.login('hongha');
  thuky = await t.login('thuky');
  leader = await t.login('lanhdao');
});
afterAll(() => t.close());

const send = async <T>(s: Session, method: 'PUT' | 'POST', url: string, payload: unknown = {}) => {
  const r = await t.app.inject({ method, url, payload: payload as object, headers: s.headers });
  return { status: r.statusCode, body: r.json() as T };
};
const bell = async (s: Session, unread = false) =>
  (await t.get<NotificationsReply>(s, `/api/notifications${unread ? '?unread=1' : ''}`)).body;
const ofKind = (r: NotificationsReply, kind: string) => r.items.filter((n) => n.kind === kind);
const url = (code: string, period: string, action = '') => `/api/units/${code}/reports/${period}${action ? `/${action}` : ''}`;
const countKind = (kind: string) => t.db.sqlite.prepare('SELECT COUNT(*) FROM notifications WHERE kind = ?').pluck().get(kind) as number;

/** Services on the same database whose today is `today`: the scheduler's tick on another day. */
const tickOn = (today: string) => createServices(t.db, { today: () => today }).notifications.tick();

/** A team's reporter of the test's own, with a phone (the demo's teams may have none yet). */
async function reporterAt(unitCode: string, username: string, phone = '0912345678') {
  await t.app.services.users.create(
    { username, displayName: `Tổ trưởng ${unitCode}`, unitCode, role: 'reporter', password: DEMO_PASSWORD, demo: true, phone },
    null,
  );
  return t.login(username);
}

describe('notifications', () => {
  it('tells the reporter when the report is returned, with the comment, and only them', async () => {
    const before = await t.get<ReportReply>(team, url('00001-01', TEST_OPEN));
    const prev = (k: string) => before.body.kpis.find((x) => x.code === k)?.previous;
    const values = {
      dinh_danh_tiep_nhan: (prev('dinh_danh_tiep_nhan') as number | null) ?? 5,
      cccd_thu_nhan: (prev('cccd_thu_nhan') as number | null) ?? 5,
      lam_sach_dan_cu: (prev('lam_sach_dan_cu') as { numerator: number; denominator: number } | null) ?? { numerator: 1, denominator: 1 },
    };
    const saved = await send<ReportReply>(team, 'PUT', url('00001-01', TEST_OPEN), { version: before.body.version, values });
    expect(saved.status, JSON.stringify(saved.body)).toBe(200);
    const submitted = await send<ReportReply>(team, 'POST', url('00001-01', TEST_OPEN, 'submit'), { version: saved.body.version });
    expect(submitted.status, JSON.stringify(submitted.body)).toBe(200);
    expect(ofKind(await bell(team), 'report_returned')).toHaveLength(0);

    const comment = 'Số CCCD thu nhận chưa khớp sổ theo dõi';
    expect((await send(commune, 'POST', url('00001-01', TEST_OPEN, 'return'), { comment })).status).toBe(200);
    const mine = await bell(team);
    const returned = ofKind(mine, 'report_returned');
    expect(returned).toHaveLength(1);
    expect(returned[0]).toMatchObject({ link: `/report?unit=00001-01&period=${TEST_OPEN}`, readAt: null });
    expect(returned[0]?.message).toContain(comment);
    expect(returned[0]?.message).toContain('tháng 12/2026');
    expect(mine.unread).toBeGreaterThanOrEqual(1);
    // The approver who returned it is not told of their own act.
    expect(ofKind(await bell(commune), 'report_returned')).toHaveLength(0);
  });

  it('marks one read, then all, and never lets anyone read or mark another’s', async () => {
    const mine = await bell(team);
    const first = mine.items[0];
    if (!first) throw new Error('the reporter has no notification');
    // Another user asking for it is answered as for a notification that does not exist.
    const stranger = await send<{ error: { code: string } }>(commune, 'POST', `/api/notifications/${first.id}/read`);
    expect(stranger.status).toBe(404);
    expect((await bell(team)).items.find((n) => n.id === first.id)?.readAt).toBeNull();
    expect((await bell(commune)).items.some((n) => n.id === first.id)).toBe(false);

    const marked = await send<{ readAt: string | null }>(team, 'POST', `/api/notifications/${first.id}/read`);
    expect(marked.status).toBe(200);
    expect(marked.body.readAt).not.toBeNull();
    const after = await bell(team);
    expect(after.unread).toBe(mine.unread - 1);
    expect((await bell(team, true)).items.some((n) => n.id === first.id)).toBe(false);

    const all = await send<{ marked: number; unread: number }>(team, 'POST', '/api/notifications/read-all');
    expect(all.body).toEqual({ marked: after.unread, unread: 0 });
    expect((await bell(team)).unread).toBe(0);
    expect((await t.get(null, '/api/notifications')).status).toBe(401);
  });

  it('tells the unit’s reporters of a task assigned to it', async () => {
    const r = await send(thuky, 'POST', '/api/units/01/conclusions', {
      period: TEST_LAST_CLOSED,
      meetingDate: '2026-11-25',
      summary: 'Đẩy nhanh thu nhận CCCD.',
      tasks: [{ content: 'Thu nhận hồ sơ CCCD cho người cao tuổi tại nhà', deadline: '2026-12-15', units: ['00001-01'] }],
    });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    const tasks = ofKind(await bell(team), 'task_assigned');
    expect(tasks).toHaveLength(1);
    expect(tasks[0]?.message).toContain('Thu nhận hồ sơ CCCD cho người cao tuổi tại nhà');
    expect(tasks[0]?.message).toContain('15/12/2026');
    expect(tasks[0]?.link).toBe(`/conclusions?unit=00001-01&period=${TEST_LAST_CLOSED}`);
    expect(ofKind(await bell(commune), 'task_assigned')).toHaveLength(0);
  });

  it('reminds 3 days and 1 day before the deadline, once each, only units that have not sent', async () => {
    const deadline = t.app.services.settings.window(TEST_OPEN).deadline;
    const early = tickOn(addDays(deadline, -5));
    expect(early.deadline).toBe(0);
    const three = tickOn(addDays(deadline, -3));
    expect(three.deadline).toBeGreaterThan(0);
    // Another process, or a restart, running the same tick tells nobody again.
    expect(tickOn(addDays(deadline, -3)).deadline).toBe(0);
    expect(tickOn(addDays(deadline, -2)).deadline).toBe(0);
    const reminders = ofKind(await bell(team), 'deadline_near');
    expect(reminders).toHaveLength(1);
    expect(reminders[0]?.message).toContain(`còn 3 ngày đến hạn (${deadline.split('-').reverse().join('/')})`);

    const one = tickOn(addDays(deadline, -1));
    expect(one.deadline).toBeGreaterThan(0);
    expect(ofKind(await bell(team), 'deadline_near')).toHaveLength(2);
    // Units that sent are not reminded: no reminder names a unit whose report was submitted.
    const sentUnits = t.db.sqlite
      .prepare(`SELECT u.id FROM reports r JOIN units u ON u.id = r.unit_id WHERE r.period = ? AND r.state IN ('submitted', 'approved')`)
      .pluck()
      .all(TEST_OPEN) as number[];
    const toldUnits = t.db.sqlite
      .prepare(`SELECT DISTINCT u.unit_id FROM notifications n JOIN users u ON u.id = n.user_id WHERE n.kind = 'deadline_near'`)
      .pluck()
      .all() as number[];
    expect(toldUnits.filter((id) => sentUnits.includes(id))).toEqual([]);
  });

  it('tells approvers once a day of the reports waiting for them, and the leader when the month is complete', async () => {
    // 00001-01 is submitted again: Hồng Hà has a report waiting.
    const r = await t.get<ReportReply>(team, url('00001-01', TEST_OPEN));
    expect((await send(team, 'POST', url('00001-01', TEST_OPEN, 'submit'), { version: r.body.version })).status).toBe(200);
    const day = '2026-12-01';
    expect(tickOn(day).waiting).toBeGreaterThan(0);
    expect(tickOn(day).waiting).toBe(0);
    const waiting = ofKind(await bell(commune), 'reports_waiting');
    expect(waiting.length).toBeGreaterThanOrEqual(1);
    for (const n of waiting)
      expect(n.message).toMatch(/^\d+ báo cáo tháng \d+\/2026 của các đơn vị thuộc Phường Hồng Hà đang chờ bạn duyệt$/);
    // The reporter is never told of reports waiting for someone else.
    expect(ofKind(await bell(team), 'reports_waiting')).toHaveLength(0);

    // The month is complete for the city when every unit expected has sent: submit the rest as the demo would.
    expect(countKind('period_complete')).toBe(0);
    const late = (await t.get<LateReply>(thuky, `/api/units/01/late?period=${TEST_LAST_CLOSED}`)).body;
    const now = new Date().toISOString();
    const ids = late.units.map((u) => t.app.services.catalog.unitAt(u.code, TEST_LAST_CLOSED).id);
    expect(late.total).toBe(late.units.length);
    for (const id of ids) {
      t.db.sqlite
        .prepare(
          `INSERT INTO reports (unit_id, period, state, submitted_at, updated_at, version) VALUES (?, ?, 'submitted', ?, ?, 1)
           ON CONFLICT (unit_id, period) DO UPDATE SET state = 'submitted', submitted_at = excluded.submitted_at`,
        )
        .run(id, TEST_LAST_CLOSED, now, now);
    }
    // A committee has several leaders of one unit: each is told once (the unit's completeness is
    // worked out once for all of them), and one who joins later is told at the next tick alone.
    const leaderOf = (username: string) =>
      t.app.services.users.create(
        { username, displayName: `Lãnh đạo ${username}`, unitCode: '01', role: 'leader', password: DEMO_PASSWORD, demo: true },
        null,
      );
    await leaderOf('lanhdao.pho');
    const leadersOfCity = t.db.sqlite.prepare(
      `SELECT COUNT(*) FROM users u JOIN units n ON n.id = u.unit_id WHERE u.role = 'leader' AND n.code = '01'`,
    );
    const cityLeaders = leadersOfCity.pluck().get() as number;
    expect(cityLeaders).toBeGreaterThanOrEqual(2);
    expect(tickOn(day).complete).toBe(cityLeaders);
    expect(tickOn(day).complete).toBe(0);
    const deputy = await t.login('lanhdao.pho');
    for (const s of [leader, deputy]) {
      const complete = ofKind(await bell(s), 'period_complete');
      expect(complete).toHaveLength(1);
      expect(complete[0]?.message).toContain('Đã đủ số liệu tháng 11/2026');
      expect(complete[0]?.link).toBe(`/?unit=01&period=${TEST_LAST_CLOSED}`);
    }
    await leaderOf('lanhdao.moi');
    expect(tickOn(day).complete).toBe(1);
    expect(ofKind(await bell(await t.login('lanhdao.moi')), 'period_complete')).toHaveLength(1);
    expect(ofKind(await bell(leader), 'period_complete')).toHaveLength(1);
  });
});

describe('reminders from the late list', () => {
  let code: string;
  let reporter: Session;

  beforeAll(async () => {
    const late = (await t.get<LateReply>(thuky, `/api/units/00004/late?period=${TEST_OPEN}`)).body;
    const unit = late.units.find((u) => u.level === 4 && u.contacts.length === 0) ?? late.units.find((u) => u.level === 4);
    if (!unit) throw new Error('no late team under 00004');
    code = unit.code;
    reporter = await reporterAt(code, `tt.${code}`);
  });

  it('shows each contact’s phone', async () => {
    const late = (await t.get<LateReply>(thuky, `/api/units/01/late?period=${TEST_OPEN}`)).body;
    const row = late.units.find((u) => u.code === code);
    expect(row?.contacts).toContainEqual(expect.objectContaining({ username: `tt.${code}`, phone: '0912345678' }));
    expect(row?.remindedAt).toBeNull();
  });

  it('reminds one late unit, audited, and not twice within the hour', async () => {
    const auditCount = () =>
      t.db.sqlite.prepare(`SELECT COUNT(*) FROM audit_log WHERE action = 'late.remind' AND target = ?`).pluck().get(`${code}/${TEST_OPEN}`);
    const first = await send<RemindLateReply>(thuky, 'POST', `/api/units/01/late/remind?period=${TEST_OPEN}`, { units: [code] });
    expect(first.status, JSON.stringify(first.body)).toBe(200);
    // Told: the unit's reporters (the demo may give the team one of its own besides the test's).
    const contacts = (await t.get<LateReply>(thuky, `/api/units/01/late?period=${TEST_OPEN}`)).body.units.find(
      (u) => u.code === code,
    )?.contacts;
    const reporters = contacts?.filter((c) => c.role === 'reporter').length;
    expect(first.body.reminded).toEqual([expect.objectContaining({ code, recipients: reporters })]);
    expect(first.body.skipped).toEqual([]);
    expect(auditCount()).toBe(1);
    const told = ofKind(await bell(reporter), 'late_reminder');
    expect(told).toHaveLength(1);
    expect(told[0]?.message).toMatch(
      /^Nhắc nhở từ Thường trực BCĐ 06 Thành phố .* – Thành phố Hà Nội: báo cáo tháng 12\/2026 của .* chưa được gửi \(hạn \d\d\/12\/2026\)$/u,
    );
    expect(told[0]?.link).toBe(`/report?unit=${code}&period=${TEST_OPEN}`);

    const again = await send<RemindLateReply>(thuky, 'POST', `/api/units/01/late/remind?period=${TEST_OPEN}`, { units: [code] });
    expect(again.body.reminded).toEqual([]);
    expect(again.body.skipped).toEqual([expect.objectContaining({ code })]);
    const s = again.body.skipped[0];
    expect(Date.parse(s?.nextAt ?? '') - Date.parse(s?.remindedAt ?? '')).toBe(3600_000);
    expect(auditCount()).toBe(1);
    expect(ofKind(await bell(reporter), 'late_reminder')).toHaveLength(1);
    const listed = (await t.get<LateReply>(thuky, `/api/units/01/late?period=${TEST_OPEN}`)).body.units.find((u) => u.code === code);
    expect(listed?.remindedAt).toBe(s?.remindedAt);
  });

  it('reminds only units on the caller’s late list, and only within the caller’s scope', async () => {
    // Hồng Hà's approver cannot chase Ba Đình's teams, through its own list or the city's.
    const own = await send<{ error: { code: string } }>(commune, 'POST', `/api/units/00097/late/remind?period=${TEST_OPEN}`, {
      units: [code],
    });
    expect(own.status).toBe(400);
    const city = await send(commune, 'POST', `/api/units/01/late/remind?period=${TEST_OPEN}`, { units: [code] });
    expect(city.status).toBe(403);
    const team2 = await send(team, 'POST', `/api/units/00004/late/remind?period=${TEST_OPEN}`, {});
    expect([403, 404]).toContain(team2.status);
    expect(ofKind(await bell(reporter), 'late_reminder')).toHaveLength(1);
  });

  it('reminds every late unit of a list at once, each unit once', async () => {
    const late = (await t.get<LateReply>(thuky, `/api/units/00004/late?period=${TEST_OPEN}`)).body;
    const r = await send<RemindLateReply>(thuky, 'POST', `/api/units/00004/late/remind?period=${TEST_OPEN}`, {});
    expect(r.status).toBe(200);
    expect(r.body.reminded.length + r.body.skipped.length).toBe(late.total);
    expect(r.body.skipped.map((s) => s.code)).toEqual([code]);
    const told = t.db.sqlite
      .prepare(`SELECT COUNT(*) FROM audit_log WHERE action = 'late.remind' AND target LIKE ?`)
      .pluck()
      .get(`%/${TEST_OPEN}`) as number;
    expect(told).toBe(1 + r.body.reminded.filter((u) => u.recipients > 0).length);
  });
});
