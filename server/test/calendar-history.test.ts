/**
 * The reporting calendar is effective-dated: a change of the submission deadline from the open
 * period leaves every earlier period's windows, deadlines, on-time and late counts and late list
 * exactly as they were; a one-off changes its one period; a past period changes only by an
 * explicit, audited correction with a reason.
 */

import { smallWorld } from '@tiendo/seed/factories';
import type { CompletenessReply, PeriodInfo, ReportingSettingsReply } from '@tiendo/shared';
import { addMonths, periodRange } from '@tiendo/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_LAST_CLOSED, TEST_OPEN } from './constants.ts';
import { createTestApp, type Session, type TestContext } from './helpers.ts';

let t: TestContext;
let thuky: Session;

const PAST = periodRange('2022-01', TEST_LAST_CLOSED);

const put = (s: Session, payload: object) => t.app.inject({ method: 'PUT', url: '/api/settings/reporting', headers: s.headers, payload });
const raw = async (s: Session, url: string) => {
  const r = await t.app.inject({ method: 'GET', url, headers: s.headers });
  expect(r.statusCode, url).toBe(200);
  return r.body;
};
const settings = async () => JSON.parse(await raw(thuky, '/api/settings/reporting')) as ReportingSettingsReply;
const periods = async () => JSON.parse(await raw(thuky, '/api/periods')) as PeriodInfo[];
const periodOf = async (p: string) => (await periods()).find((x) => x.period === p);
const completeness = async (p: string) => JSON.parse(await raw(thuky, `/api/units/01/completeness?period=${p}`)) as CompletenessReply;
const calendarRows = () => t.db.sqlite.prepare('SELECT COUNT(*) FROM reporting_calendar').pluck().get() as number;
const audits = () => t.db.sqlite.prepare(`SELECT COUNT(*) FROM audit_log WHERE action = 'settings.reporting'`).pluck().get() as number;

/** Everything about the past the calendar decides, as the API answers it, byte for byte. */
async function pastAsAnswered(): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  const all = await periods();
  for (const p of PAST) {
    out.set(`periods ${p}`, JSON.stringify(all.find((x) => x.period === p)));
    out.set(`completeness ${p}`, await raw(thuky, `/api/units/01/completeness?period=${p}`));
    out.set(`late ${p}`, await raw(thuky, `/api/units/01/late?period=${p}`));
  }
  return out;
}

beforeAll(async () => {
  t = await createTestApp({ world: smallWorld({ from: '2022-01' }) });
  thuky = await t.login('thuky');
});
afterAll(() => t.close());

describe('a change from the open period', () => {
  it('moves the deadline of the open period and of later ones, and leaves 2022-01 to 2026-11 byte for byte', async () => {
    const before = await pastAsAnswered();
    expect(before.size).toBe(PAST.length * 3);
    // The world's late team reported the last closed period two days past its 3-day deadline.
    const nov = await completeness(TEST_LAST_CLOSED);
    expect(nov).toMatchObject({ deadline: '2026-11-17' });
    expect(nov.late).toBeGreaterThan(0);
    const s0 = await settings();
    expect(s0).toMatchObject({ period: TEST_OPEN, cutoffDay: 14, deadlineDays: 3, graceDays: 7, openedThrough: null, openings: [] });
    expect(await periodOf(TEST_OPEN)).toMatchObject({ to: '2026-12-14', deadline: '2026-12-17', lockAfter: '2026-12-24' });

    const r = await put(thuky, { cutoffDay: 14, deadlineDays: 5, graceDays: 7 });
    expect(r.statusCode).toBe(200);
    const s1 = r.json() as ReportingSettingsReply;
    expect(s1).toMatchObject({ period: TEST_OPEN, deadlineDays: 5 });
    expect(s1.history[0]).toMatchObject({
      from: TEST_OPEN,
      to: null,
      cutoffDay: 14,
      deadlineDays: 5,
      graceDays: 7,
      oneOff: false,
      correction: false,
      reason: null,
      createdBy: 'thuky',
      replacedBy: null,
    });

    const after = await pastAsAnswered();
    for (const [key, value] of before) expect(after.get(key), key).toBe(value);
    // The open period and the next move with the new deadline.
    expect(await periodOf(TEST_OPEN)).toMatchObject({ to: '2026-12-14', deadline: '2026-12-19', lockAfter: '2026-12-26' });
    expect(await periodOf(addMonths(TEST_OPEN, 1))).toMatchObject({ deadline: '2027-01-19' });
    expect((await completeness(TEST_OPEN)).deadline).toBe('2026-12-19');
    expect(t.app.services.settings.reporting(TEST_LAST_CLOSED)).toEqual({ cutoffDay: 14, deadlineDays: 3, graceDays: 7 });

    const a = t.db.sqlite
      .prepare(`SELECT actor, target, before, after FROM audit_log WHERE action = 'settings.reporting' ORDER BY id DESC LIMIT 1`)
      .get() as { actor: string; target: string; before: string; after: string };
    expect(a.actor).toBe('thuky');
    expect(JSON.parse(a.before)).toEqual({ period: TEST_OPEN, cutoffDay: 14, deadlineDays: 3, graceDays: 7 });
    expect(JSON.parse(a.after)).toMatchObject({ from: TEST_OPEN, to: null, deadlineDays: 5, oneOff: false, correction: false });
  }, 180_000);

  it('a change scheduled from a later period leaves the open one alone; a change of cut-off starts the next period after it', async () => {
    const r = await put(thuky, { from: '2027-03', cutoffDay: 20, deadlineDays: 5, graceDays: 7, reason: 'Theo quy chế mới' });
    expect(r.statusCode).toBe(200);
    expect(r.json() as ReportingSettingsReply).toMatchObject({ period: TEST_OPEN, cutoffDay: 14, deadlineDays: 5 });
    const { settings: s } = t.app.services;
    expect(s.window('2027-02')).toMatchObject({ from: '2027-01-15', to: '2027-02-14' });
    expect(s.window('2027-03')).toMatchObject({ from: '2027-02-15', to: '2027-03-20', deadline: '2027-03-25' });
    expect(s.window('2027-04')).toMatchObject({ from: '2027-03-21', to: '2027-04-20' });
    const history = (await settings()).history;
    // The change from 2026-12 now holds until 2027-02.
    expect(history.map((h) => [h.from, h.to, h.reason])).toEqual([
      ['2027-03', null, 'Theo quy chế mới'],
      [TEST_OPEN, '2027-02', null],
    ]);
  });
});

describe('a one-off change for one period', () => {
  it('extends the deadline of 2026-12 over Tết and touches no other period', async () => {
    const before = await periods();
    const novBefore = await raw(thuky, `/api/units/01/completeness?period=${TEST_LAST_CLOSED}`);
    const lateBefore = await raw(thuky, `/api/units/01/late?period=${TEST_LAST_CLOSED}`);
    const r = await put(thuky, { oneOff: true, period: TEST_OPEN, reason: 'Nghỉ Tết', cutoffDay: 14, deadlineDays: 12, graceDays: 7 });
    expect(r.statusCode).toBe(200);
    const s = r.json() as ReportingSettingsReply;
    expect(s).toMatchObject({ period: TEST_OPEN, deadlineDays: 12 });
    expect(s.history[0]).toMatchObject({
      from: TEST_OPEN,
      to: TEST_OPEN,
      deadlineDays: 12,
      oneOff: true,
      correction: false,
      reason: 'Nghỉ Tết',
    });
    const after = await periods();
    expect(after.map((p) => p.period)).toEqual(before.map((p) => p.period));
    for (const [i, p] of after.entries()) {
      if (p.period === TEST_OPEN) expect(p).toEqual({ ...before[i], deadline: '2026-12-26', lockAfter: '2027-01-02' });
      else expect(p, p.period).toEqual(before[i]);
    }
    expect(t.app.services.settings.reporting(addMonths(TEST_OPEN, 1)).deadlineDays).toBe(5);
    expect((await completeness(TEST_OPEN)).deadline).toBe('2026-12-26');
    expect(await raw(thuky, `/api/units/01/completeness?period=${TEST_LAST_CLOSED}`)).toBe(novBefore);
    expect(await raw(thuky, `/api/units/01/late?period=${TEST_LAST_CLOSED}`)).toBe(lateBefore);
  });

  it('refuses a one-off without a reason, for a past period, or that would move the cut-off', async () => {
    const rows = calendarRows();
    const bad = [
      { oneOff: true, period: TEST_OPEN, cutoffDay: 14, deadlineDays: 9, graceDays: 7 },
      { oneOff: true, period: TEST_LAST_CLOSED, reason: 'Nghỉ Tết', cutoffDay: 14, deadlineDays: 9, graceDays: 7 },
      { oneOff: true, period: addMonths(TEST_OPEN, 1), reason: 'Nghỉ Tết', cutoffDay: 20, deadlineDays: 9, graceDays: 7 },
      { oneOff: true, reason: 'Nghỉ Tết', cutoffDay: 14, deadlineDays: 9, graceDays: 7 },
    ];
    for (const body of bad) expect((await put(thuky, body)).statusCode, JSON.stringify(body)).toBe(400);
    expect(calendarRows()).toBe(rows);
  });
});

describe('the past', () => {
  it('a change with `from` in the past and no correction is a 400 in Vietnamese and English, and writes nothing', async () => {
    const rows = calendarRows();
    const audited = audits();
    const periodsBefore = await raw(thuky, '/api/periods');
    const r = await put(thuky, { from: '2024-03', cutoffDay: 14, deadlineDays: 10, graceDays: 7 });
    expect(r.statusCode).toBe(400);
    const message = (r.json() as { error: { message: string } }).error.message;
    expect(message).toContain('Thay đổi chỉ áp dụng từ kỳ đang mở (tháng 12/2026) trở đi');
    expect(message).toContain('a change applies from the open period (Dec 2026) on');
    // A correction needs its reason; a "correction" of the open period is a plain change.
    expect((await put(thuky, { from: '2024-03', correction: true, cutoffDay: 14, deadlineDays: 10, graceDays: 7 })).statusCode).toBe(400);
    expect(
      (await put(thuky, { from: TEST_OPEN, correction: true, reason: 'Sửa nhầm', cutoffDay: 14, deadlineDays: 10, graceDays: 7 }))
        .statusCode,
    ).toBe(400);
    expect(calendarRows()).toBe(rows);
    expect(audits()).toBe(audited);
    expect(await raw(thuky, '/api/periods')).toBe(periodsBefore);
  });

  it('a correction of one past period with a reason is audited, in the history, and changes that period only', async () => {
    const before = await periods();
    const march = await completeness('2024-03');
    const april = await raw(thuky, '/api/units/01/completeness?period=2024-04');
    expect(march.late).toBeGreaterThan(0);
    const reason = 'Đính chính: kỳ 3/2024 đã được gia hạn bằng văn bản nhưng chưa nhập';
    const r = await put(thuky, { from: '2024-03', correction: true, reason, cutoffDay: 14, deadlineDays: 10, graceDays: 7 });
    expect(r.statusCode).toBe(200);
    const s = r.json() as ReportingSettingsReply;
    expect(s).toMatchObject({ period: TEST_OPEN, deadlineDays: 12 });
    expect(s.history[0]).toMatchObject({
      from: '2024-03',
      to: '2024-03',
      deadlineDays: 10,
      correction: true,
      oneOff: false,
      reason,
      createdBy: 'thuky',
    });

    // The late team's report came in 2 days after a 3-day deadline: within 10 days, all on time.
    const corrected = await completeness('2024-03');
    expect(corrected).toMatchObject({ deadline: '2024-03-24', reported: march.reported, late: 0, onTime: march.onTime + march.late });
    expect(await raw(thuky, '/api/units/01/completeness?period=2024-04')).toBe(april);
    const after = await periods();
    for (const [i, p] of after.entries()) {
      if (p.period === '2024-03') expect(p).toEqual({ ...before[i], deadline: '2024-03-24', lockAfter: '2024-03-31' });
      else expect(p, p.period).toEqual(before[i]);
    }

    const a = t.db.sqlite
      .prepare(`SELECT actor, before, after FROM audit_log WHERE action = 'settings.reporting' ORDER BY id DESC LIMIT 1`)
      .get() as { actor: string; before: string; after: string };
    expect(a.actor).toBe('thuky');
    expect(JSON.parse(a.before)).toEqual({ period: '2024-03', cutoffDay: 14, deadlineDays: 3, graceDays: 7 });
    expect(JSON.parse(a.after)).toMatchObject({ from: '2024-03', to: '2024-03', deadlineDays: 10, correction: true, reason });
  });

  it('a correction for a period before the programme began is refused', async () => {
    const r = await put(thuky, { from: '2021-12', correction: true, reason: 'Sửa nhầm kỳ', cutoffDay: 14, deadlineDays: 5, graceDays: 7 });
    expect(r.statusCode).toBe(400);
  });
});

describe('who may change it, and the history of early openings', () => {
  it('refuses anyone but the top secretariat and admin (403), writing nothing', async () => {
    const rows = calendarRows();
    for (const username of ['lanhdao', 'hongha', 'to1.phucxa']) {
      const s = await t.login(username);
      expect((await put(s, { cutoffDay: 14, deadlineDays: 9, graceDays: 7 })).statusCode, username).toBe(403);
      expect(
        (await put(s, { oneOff: true, period: TEST_OPEN, reason: 'Nghỉ Tết', cutoffDay: 14, deadlineDays: 20, graceDays: 7 })).statusCode,
      ).toBe(403);
    }
    expect(calendarRows()).toBe(rows);
    // The admin may.
    const admin = await t.login('admin');
    expect((await put(admin, { from: '2027-06', cutoffDay: 14, deadlineDays: 4, graceDays: 7 })).statusCode).toBe(200);
    expect((await settings()).history[0]).toMatchObject({ from: '2027-06', createdBy: 'admin' });
  });

  it('lists the early openings of periods beside the calendar', async () => {
    const r = await t.app.inject({ method: 'POST', url: '/api/periods/open', headers: thuky.headers, payload: {} });
    expect(r.statusCode).toBe(200);
    const s = await settings();
    expect(s.openedThrough).toBe(addMonths(TEST_OPEN, 1));
    expect(s.openings).toHaveLength(1);
    expect(s.openings[0]).toMatchObject({ period: addMonths(TEST_OPEN, 1), before: null, by: 'thuky' });
  });
});
