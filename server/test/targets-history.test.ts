/**
 * Targets hold from a period on: raising the TTHC target (70 % by 2022-12, as in the demo) to 80 % from
 * the open period leaves every earlier period's figures, series and breakdown byte-for-byte as
 * they were; a past period changes only through a correction with a reason, audited and shown as
 * such in the history.
 */

import { SMALL_WORLD_KPIS, smallWorld } from '@tiendo/seed/factories';
import { addMonths, type FiguresReply, periodRange, type SeriesReply, type TargetsReply } from '@tiendo/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_LAST_CLOSED, TEST_OPEN } from './constants.ts';
import { createTestApp, type Session, type TestContext } from './helpers.ts';

const KPI = 'tthc_tich_hop';
const FIRST = '2022-01';
const PAST = periodRange(FIRST, TEST_LAST_CLOSED);
const REASON = 'Quyết định giao chỉ tiêu năm 2022 ghi 75 %, nhập nhầm 70 %';

let t: TestContext;
let thuky: Session;
let hongha: Session;

const send = (method: 'POST' | 'PUT', url: string, s: Session, payload: unknown) =>
  t.app.inject({ method, url, headers: s.headers, payload: payload as object });

const raw = async (url: string) => {
  const r = await t.app.inject({ url, headers: thuky.headers });
  expect(r.statusCode, url).toBe(200);
  return r.payload;
};

/** The city's replies for a period, exactly as sent. */
const repliesAt = async (period: string) => ({
  figures: await raw(`/api/units/01/figures?period=${period}`),
  series: await raw(`/api/units/01/series?kpi=${KPI}&from=${FIRST}&to=${period}`),
  breakdown: await raw(`/api/units/01/breakdown?kpi=${KPI}&period=${period}`),
});

const tthcAt = async (period: string) =>
  (JSON.parse(await raw(`/api/units/01/figures?period=${period}`)) as FiguresReply).figures.find((f) => f.kpi === KPI);

const targetsOf = async (code = KPI) => (await t.get<TargetsReply>(thuky, `/api/kpis/${code}/targets`)).body;

const audits = (action: string) =>
  (
    t.db.sqlite.prepare('SELECT actor, before, after FROM audit_log WHERE action = ? ORDER BY id').all(action) as {
      actor: string;
      before: string | null;
      after: string | null;
    }[]
  ).map((a) => ({ actor: a.actor, before: JSON.parse(a.before ?? 'null'), after: JSON.parse(a.after ?? 'null') }));

const rowCount = () => t.db.sqlite.prepare('SELECT COUNT(*) FROM targets').pluck().get() as number;

const baseline = new Map<string, { figures: string; series: string; breakdown: string }>();
let status2022: string | undefined;

beforeAll(async () => {
  t = await createTestApp({ world: smallWorld({ from: '2022-01', kpis: [...SMALL_WORLD_KPIS, 'tthc_tich_hop'] }) });
  thuky = await t.login('thuky');
  hongha = await t.login('hongha');
  for (const p of PAST) baseline.set(p, await repliesAt(p));
  status2022 = (await tthcAt('2022-12'))?.status;
});
afterAll(() => t.close());

describe('a target raised from the open period', () => {
  it('starts at the open period, and the history keeps the one before with its end', async () => {
    const before = await targetsOf();
    expect(before).toMatchObject({
      kpi: KPI,
      open: TEST_OPEN,
      current: [{ unit: null, level: 1, value: 70, deadline: '2022-12', from: null }],
    });
    expect(before.history).toHaveLength(1);

    const r = await send('PUT', `/api/kpis/${KPI}/targets`, thuky, [{ level: 1, value: 80, deadline: '2022-12' }]);
    expect(r.statusCode).toBe(200);
    const reply = r.json() as TargetsReply;
    expect(reply.current).toMatchObject([{ level: 1, value: 80, deadline: '2022-12', from: TEST_OPEN, createdBy: 'thuky' }]);
    expect(reply.history).toMatchObject([
      { level: 1, value: 70, from: null, to: TEST_LAST_CLOSED, removed: false, correction: false, superseded: false, createdBy: null },
      { level: 1, value: 80, from: TEST_OPEN, to: null, removed: false, correction: false, superseded: false, createdBy: 'thuky' },
    ]);
    expect(await targetsOf()).toEqual(reply);

    expect(audits('kpi.targets')).toEqual([
      {
        actor: 'thuky',
        before: [{ unit: null, level: 1, from: TEST_OPEN, value: 70, deadline: '2022-12', since: null }],
        after: [{ unit: null, level: 1, from: TEST_OPEN, value: 80, deadline: '2022-12', removed: false }],
      },
    ]);
  });

  it('leaves every period from 2022-01 to 2026-11 byte-for-byte as it was: figures, series and breakdown', async () => {
    for (const p of PAST) {
      const now = await repliesAt(p);
      const was = baseline.get(p);
      expect(now.figures, `figures ${p}`).toBe(was?.figures);
      expect(now.series, `series to ${p}`).toBe(was?.series);
      expect(now.breakdown, `breakdown ${p}`).toBe(was?.breakdown);
    }
    expect(await tthcAt('2022-12')).toMatchObject({ target: 70, deadline: '2022-12', status: status2022 });
  });

  it('judges the open period by 80 %; the series says which target held at each point', async () => {
    const f = await tthcAt(TEST_OPEN);
    expect(f).toMatchObject({ target: 80, deadline: '2022-12' });
    expect(f?.attainment).toBeCloseTo(((f?.value as number) / 80) * 100, 6);
    const s = (await t.get<SeriesReply>(thuky, `/api/units/01/series?kpi=${KPI}&from=${TEST_LAST_CLOSED}&to=${TEST_OPEN}`)).body;
    expect(s.target).toBe(80);
    expect(s.points.map((p) => [p.period, p.target])).toEqual([
      [TEST_LAST_CLOSED, 70],
      [TEST_OPEN, 80],
    ]);
  });

  it('the same list again writes nothing; a start before the open period is refused in both languages', async () => {
    const rows = rowCount();
    const n = audits('kpi.targets').length;
    expect((await send('PUT', `/api/kpis/${KPI}/targets`, thuky, [{ level: 1, value: 80, deadline: '2022-12' }])).statusCode).toBe(200);
    const past = await send('PUT', `/api/kpis/${KPI}/targets`, thuky, [{ level: 1, value: 90, deadline: '2022-12', from: '2026-11' }]);
    expect(past.statusCode).toBe(400);
    const msg = (past.json() as { error: { message: string } }).error.message;
    expect(msg).toContain('Sửa số liệu kỳ đã qua');
    expect(msg).toContain('a past period is changed by a correction');
    expect(rowCount()).toBe(rows);
    expect(audits('kpi.targets')).toHaveLength(n);
  });
});

describe('a correction of a past period', () => {
  it('refuses a correction without a reason, of a period not past, or out of role; nothing written', async () => {
    const rows = rowCount();
    const body = { period: '2022-12', level: 1, value: 75, deadline: '2022-12' };
    const noReason = await send('POST', `/api/kpis/${KPI}/targets/corrections`, thuky, body);
    expect(noReason.statusCode).toBe(400);
    const short = await send('POST', `/api/kpis/${KPI}/targets/corrections`, thuky, { ...body, reason: '  sai ' });
    expect(short.statusCode).toBe(400);
    expect((short.json() as { error: { message: string } }).error.message).toMatch(/lý do.*\/ .*reason/);
    const open = await send('POST', `/api/kpis/${KPI}/targets/corrections`, thuky, { ...body, period: TEST_OPEN, reason: REASON });
    expect(open.statusCode).toBe(400);
    expect((open.json() as { error: { message: string } }).error.message).toContain('is not a past period');
    expect((await send('POST', `/api/kpis/${KPI}/targets/corrections`, hongha, { ...body, reason: REASON })).statusCode).toBe(403);
    expect((await send('PUT', `/api/kpis/${KPI}/targets`, hongha, [{ level: 1, value: 90, deadline: '2022-12' }])).statusCode).toBe(403);
    expect(rowCount()).toBe(rows);
    expect(audits('kpi.target.correction')).toEqual([]);
  });

  it('changes 2022-12 only, audited with before and after, and shown as a correction in the history', async () => {
    const r = await send('POST', `/api/kpis/${KPI}/targets/corrections`, thuky, {
      period: '2022-12',
      level: 1,
      value: 75,
      deadline: '2022-12',
      reason: REASON,
    });
    expect(r.statusCode).toBe(201);
    const reply = r.json() as TargetsReply;
    expect(reply.current).toMatchObject([{ level: 1, value: 80, from: TEST_OPEN }]);
    expect(reply.history).toMatchObject([
      { value: 70, from: null, to: TEST_LAST_CLOSED, correction: false },
      { value: 75, from: '2022-12', to: '2022-12', correction: true, reason: REASON, createdBy: 'thuky' },
      { value: 80, from: TEST_OPEN, to: null, correction: false },
    ]);
    expect(audits('kpi.target.correction')).toEqual([
      {
        actor: 'thuky',
        before: { period: '2022-12', unit: null, level: 1, value: 70, deadline: '2022-12', since: null, correction: false },
        after: { period: '2022-12', unit: null, level: 1, value: 75, deadline: '2022-12', reason: REASON },
      },
    ]);

    const f = await tthcAt('2022-12');
    expect(f?.target).toBe(75);
    for (const p of PAST) {
      if (p === '2022-12') continue;
      const now = await repliesAt(p);
      const was = baseline.get(p);
      expect(now.figures, `figures ${p}`).toBe(was?.figures);
      expect(now.breakdown, `breakdown ${p}`).toBe(was?.breakdown);
    }
    // The series differs from before at the 2022-12 point's target, nowhere else.
    const s = JSON.parse(await raw(`/api/units/01/series?kpi=${KPI}&from=${FIRST}&to=${TEST_LAST_CLOSED}`)) as SeriesReply;
    const was = JSON.parse(baseline.get(TEST_LAST_CLOSED)?.series ?? '{}') as SeriesReply;
    expect(s.points.find((p) => p.period === '2022-12')?.target).toBe(75);
    expect({ ...s, points: s.points.map((p) => (p.period === '2022-12' ? { ...p, target: 70 } : p)) }).toEqual(was);
    // The same correction again corrects nothing.
    const again = await send('POST', `/api/kpis/${KPI}/targets/corrections`, thuky, {
      period: '2022-12',
      level: 1,
      value: 75,
      deadline: '2022-12',
      reason: REASON,
    });
    expect(again.statusCode).toBe(400);
  });
});

describe('targets no longer listed, and targets for one unit', () => {
  it('a tier left out of the list loses its target from the open period on, not before', async () => {
    const team = '00001-01';
    const lamSach = async (period: string) =>
      (await t.get<FiguresReply>(thuky, `/api/units/${team}/figures?period=${period}`)).body.figures.find(
        (f) => f.kpi === 'lam_sach_dan_cu',
      );
    expect(await lamSach(TEST_LAST_CLOSED)).toMatchObject({ target: 100 });
    const r = await send(
      'PUT',
      '/api/kpis/lam_sach_dan_cu/targets',
      thuky,
      [1, 2, 3].map((level) => ({ level, value: 100, deadline: '2022-12' })),
    );
    expect(r.statusCode).toBe(200);
    const reply = r.json() as TargetsReply;
    expect(reply.current.map((x) => x.level)).toEqual([1, 2, 3]);
    expect(reply.history.filter((h) => h.level === 4)).toMatchObject([
      { value: 100, from: null, to: TEST_LAST_CLOSED, removed: false },
      { value: 100, from: TEST_OPEN, to: null, removed: true },
    ]);
    expect(audits('kpi.targets').at(-1)?.after).toEqual([
      { unit: null, level: 4, from: TEST_OPEN, value: null, deadline: null, removed: true },
    ]);
    expect(await lamSach(TEST_LAST_CLOSED)).toMatchObject({ target: 100 });
    const open = await lamSach(TEST_OPEN);
    expect(open?.target).toBeUndefined();
    expect(open?.status).toBe('no_target');
  });

  it('a unit target from a later period: the unit named by the code then, its tier before', async () => {
    const r = await send('PUT', '/api/kpis/lam_sach_dan_cu/targets', thuky, [
      ...[1, 2, 3].map((level) => ({ level, value: 100, deadline: '2022-12' })),
      { unit: '00097', value: 95, deadline: '2027-06', from: addMonths(TEST_OPEN, 1) },
    ]);
    expect(r.statusCode).toBe(200);
    const reply = r.json() as TargetsReply;
    // Not in force yet at the open period: the history has it, the current list does not.
    expect(reply.current.some((x) => x.unit !== null)).toBe(false);
    expect(reply.history.at(-1)).toMatchObject({
      unit: { code: '00097', name: 'Hồng Hà' },
      value: 95,
      from: addMonths(TEST_OPEN, 1),
      to: null,
    });
    const at = async (period: string) =>
      (await t.get<FiguresReply>(thuky, `/api/units/00097/figures?period=${period}`)).body.figures.find((f) => f.kpi === 'lam_sach_dan_cu');
    expect(await at(TEST_OPEN)).toMatchObject({ target: 100 });
    // A unit that no longer exists at the period asked is refused, nothing written.
    const rows = rowCount();
    const gone = await send('PUT', '/api/kpis/lam_sach_dan_cu/targets', thuky, [{ unit: '00001', value: 90, deadline: '2027-06' }]);
    expect(gone.statusCode).toBe(400);
    expect((gone.json() as { error: { message: string } }).error.message).toContain('did not exist in Dec 2026');
    expect(rowCount()).toBe(rows);
  });
});
