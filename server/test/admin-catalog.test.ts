/**
 * The KPI catalogue, checklist items, targets and the reporting calendar, edited through the API
 * by the top-level secretariat or an admin, with the change visible at once and audited.
 */
import { reformedWorld, SMALL_WORLD_KPIS } from '@tiendo/seed/factories';
import type { FiguresReply, Kpi, KpiDetail, PeriodInfo, ReportingSettingsReply, TargetsReply } from '@tiendo/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../src/app.ts';
import { openDb } from '../src/db/client.ts';
import { TEST_LAST_CLOSED, TEST_OPEN, TEST_TODAY } from './constants.ts';
import { createTestApp, type Session, type TestContext } from './helpers.ts';

let t: TestContext;
let thuky: Session;
let admin: Session;

const send = (method: 'POST' | 'PATCH' | 'PUT', url: string, s: Session | null, payload?: unknown) =>
  t.app.inject({ method, url, headers: s?.headers ?? {}, ...(payload === undefined ? {} : { payload: payload as object }) });

function lastAudit(action: string, target: string) {
  const r = t.db.sqlite
    .prepare('SELECT actor, before, after FROM audit_log WHERE action = ? AND target = ? ORDER BY id DESC LIMIT 1')
    .get(action, target) as { actor: string; before: string | null; after: string | null } | undefined;
  return r && { actor: r.actor, before: JSON.parse(r.before ?? 'null'), after: JSON.parse(r.after ?? 'null') };
}

const NEW_KPI = {
  code: 'tuyen_truyen',
  name: 'Buổi tuyên truyền của tổ công tác',
  nameEn: 'Outreach sessions held by task teams',
  unit: 'buổi',
  unitEn: 'sessions',
  kind: 'count',
  reportLevels: [4],
  group: 'chi_dao',
};

beforeAll(async () => {
  // Hà Nội across the 2025 reform (`00004` was Trúc Bạch until 2025-06), with a KPI of each kind
  // the catalogue tests edit: committees' own counts, a carried ratio, a flow ratio, a stock.
  t = await createTestApp({
    world: reformedWorld({
      kpis: [...SMALL_WORLD_KPIS, 'van_ban_chi_dao', 'chi_tra_dien_tu', 'lam_sach_tiem_chung', 'tthc_tich_hop', 'dvc_tich_hop'],
    }),
  });
  thuky = await t.login('thuky');
  admin = await t.login('admin');
});
afterAll(() => t.close());

describe('KPI catalogue', () => {
  it('GET /api/kpis/:code gives the detail, items with their retirement, and whether figures exist', async () => {
    const r = await t.get<KpiDetail>(thuky, '/api/kpis/dvc_thiet_yeu');
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ code: 'dvc_thiet_yeu', kind: 'checklist', hasFigures: true, retiredFrom: null });
    expect(r.body.items).toHaveLength(25);
    expect(r.body.items[24]).toMatchObject({ code: 'dv25', retiredFrom: null });
    expect((await t.get(thuky, '/api/kpis/khong_co')).status).toBe(404);
    // Any signed-in user may read it (the report form needs it).
    expect((await t.get(await t.login('to1.phucxa'), '/api/kpis/dvc_thiet_yeu')).status).toBe(200);
  });

  it('adds a KPI, which every list shows at once; a taken code is a 409', async () => {
    const r = await send('POST', '/api/kpis', thuky, NEW_KPI);
    expect(r.statusCode).toBe(201);
    expect(r.json() as KpiDetail).toMatchObject({
      code: 'tuyen_truyen',
      kind: 'count',
      ratioMode: null,
      hasFigures: false,
      reportLevels: [4],
    });
    const list = await t.get<Kpi[]>(thuky, '/api/kpis');
    expect(list.body.map((k) => k.code)).toContain('tuyen_truyen');
    expect(lastAudit('kpi.create', 'tuyen_truyen')?.after).toMatchObject({ code: 'tuyen_truyen', name: NEW_KPI.name });
    expect((await send('POST', '/api/kpis', thuky, NEW_KPI)).statusCode).toBe(409);
  });

  it('refuses an inconsistent KPI in words', async () => {
    const bad = async (body: object) => {
      const r = await send('POST', '/api/kpis', admin, { ...NEW_KPI, code: 'sai', ...body });
      expect(r.statusCode).toBe(400);
      return (r.json() as { error: { message: string } }).error.message;
    };
    expect(await bad({ kind: 'ratio' })).toMatch(/level or flow/);
    expect(await bad({ ratioMode: 'flow' })).toMatch(/only ratios/);
    expect(await bad({ group: 'khong_co' })).toMatch(/no KPI group/);
    expect(await bad({ reportLevels: [9] })).toMatch(/no level 9/);
    expect(await bad({ reportLevels: [] })).toMatch(/reporting level/);
    expect(await bad({ items: [{ name: 'Mục' }] })).toMatch(/only checklist/);
    expect(await bad({ code: 'Có Dấu' })).toMatch(/invalid KPI code/);
    expect((await t.get(thuky, '/api/kpis/sai')).status).toBe(404);
  });

  it('edits names, unit, group, order, levels and direction, audited with before and after', async () => {
    const r = await send('PATCH', '/api/kpis/van_ban_chi_dao', thuky, {
      name: 'Văn bản chỉ đạo, điều hành ban hành',
      nameEn: 'Directive documents',
      unitEn: 'docs',
      order: 7,
      higherIsBetter: true,
    });
    expect(r.statusCode).toBe(200);
    expect(r.json() as KpiDetail).toMatchObject({ name: 'Văn bản chỉ đạo, điều hành ban hành', unitEn: 'docs', order: 7 });
    const a = lastAudit('kpi.update', 'van_ban_chi_dao');
    expect(a?.actor).toBe('thuky');
    expect(a?.before).toMatchObject({ name: 'Văn bản chỉ đạo ban hành', nameEn: 'Directive documents issued', order: 1 });
    expect(a?.after).toMatchObject({ name: 'Văn bản chỉ đạo, điều hành ban hành', order: 7 });
    const fig = await t.get<FiguresReply>(thuky, `/api/units/01/figures?period=${TEST_LAST_CLOSED}`);
    expect(fig.body.figures.find((f) => f.kpi === 'van_ban_chi_dao')).toBeDefined();
  });

  it('refuses to change the kind once figures exist (409 with the reason), allows it before', async () => {
    const r = await send('PATCH', '/api/kpis/dinh_danh_tiep_nhan', thuky, { kind: 'stock' });
    expect(r.statusCode).toBe(409);
    const msg = (r.json() as { error: { message: string; details: { figures: number; since: string } } }).error;
    expect(msg.message).toMatch(/figures exist since [A-Z][a-z]{2} \d{4}/);
    expect(msg.details.figures).toBeGreaterThan(0);
    expect((await send('PATCH', '/api/kpis/chi_tra_dien_tu', thuky, { ratioMode: 'level' })).statusCode).toBe(409);
    expect((await t.get<KpiDetail>(thuky, '/api/kpis/dinh_danh_tiep_nhan')).body.kind).toBe('count');

    const ok = await send('PATCH', '/api/kpis/tuyen_truyen', thuky, { kind: 'ratio', ratioMode: 'flow' });
    expect(ok.statusCode).toBe(200);
    expect(ok.json() as KpiDetail).toMatchObject({ kind: 'ratio', ratioMode: 'flow', carriedForward: false });
    const back = await send('PATCH', '/api/kpis/tuyen_truyen', thuky, { kind: 'count' });
    expect(back.json() as KpiDetail).toMatchObject({ kind: 'count', ratioMode: null });
  });

  it('retires a KPI: kept with its history, no longer asked for from that period; can bring it back', async () => {
    const r = await send('PATCH', '/api/kpis/lam_sach_tiem_chung', thuky, { retiredFrom: TEST_OPEN });
    expect(r.statusCode).toBe(200);
    expect((r.json() as KpiDetail).retiredFrom).toBe(TEST_OPEN);
    const list = await t.get<Kpi[]>(thuky, '/api/kpis');
    expect(list.body.find((k) => k.code === 'lam_sach_tiem_chung')?.retired).toBe(true);
    const past = await t.get<FiguresReply>(thuky, `/api/units/01/figures?period=${TEST_LAST_CLOSED}`);
    expect(past.body.figures.map((f) => f.kpi)).toContain('lam_sach_tiem_chung');
    const next = await t.get<FiguresReply>(thuky, `/api/units/01/figures?period=${TEST_OPEN}`);
    expect(next.body.figures.map((f) => f.kpi)).not.toContain('lam_sach_tiem_chung');
    expect(lastAudit('kpi.update', 'lam_sach_tiem_chung')?.before).toMatchObject({ retiredFrom: null });
    const back = await send('PATCH', '/api/kpis/lam_sach_tiem_chung', thuky, { retiredFrom: null });
    expect((back.json() as KpiDetail).retiredFrom).toBeNull();
  });

  it('renames, adds and retires checklist items; history keeps the retired item', async () => {
    const r = await send('PATCH', '/api/kpis/dvc_thiet_yeu', thuky, {
      items: [
        { code: 'dv25', name: 'Cấp giấy xác nhận tình trạng hôn nhân' },
        { code: 'dv24', name: 'Thay đổi chủ thể hợp đồng mua bán điện', retiredFrom: TEST_OPEN },
        { name: 'Cấp phiếu lý lịch tư pháp số 2', lead: 'Bộ Tư pháp' },
      ],
    });
    expect(r.statusCode).toBe(200);
    const items = (r.json() as KpiDetail).items;
    expect(items).toHaveLength(26);
    expect(items.find((i) => i.code === 'dv25')?.name).toBe('Cấp giấy xác nhận tình trạng hôn nhân');
    expect(items.find((i) => i.code === 'dv24')?.retiredFrom).toBe(TEST_OPEN);
    expect(items.find((i) => i.code === 'dv26')).toMatchObject({ name: 'Cấp phiếu lý lịch tư pháp số 2', lead: 'Bộ Tư pháp' });
    // The lead of dv25 was not sent, so it is kept (null for the placeholder).
    expect(items.find((i) => i.code === 'dv25')?.lead).toBeNull();

    const past = await t.get<FiguresReply>(thuky, `/api/units/01/figures?period=${TEST_LAST_CLOSED}`);
    const pastItems = past.body.figures.find((f) => f.kpi === 'dvc_thiet_yeu')?.items?.map((i) => i.code);
    expect(pastItems).toContain('dv24');
    const next = await t.get<FiguresReply>(thuky, `/api/units/01/figures?period=${TEST_OPEN}`);
    const nextItems = next.body.figures.find((f) => f.kpi === 'dvc_thiet_yeu')?.items?.map((i) => i.code);
    expect(nextItems).not.toContain('dv24');
    expect(nextItems).toContain('dv26');
    const a = lastAudit('kpi.update', 'dvc_thiet_yeu');
    expect(a?.before.items.find((i: { code: string }) => i.code === 'dv25').name).toBe('Dịch vụ công thiết yếu số 25 (chờ xác minh)');

    const dup = await send('PATCH', '/api/kpis/dvc_thiet_yeu', thuky, {
      items: [
        { code: 'dv01', name: 'A' },
        { code: 'dv01', name: 'B' },
      ],
    });
    expect(dup.statusCode).toBe(400);
    const notChecklist = await send('PATCH', '/api/kpis/van_ban_chi_dao', thuky, { items: [{ name: 'A' }] });
    expect(notChecklist.statusCode).toBe(400);
  });

  it('rebuilds the aggregates when the reporting levels change', async () => {
    // van_ban_chi_dao is each committee's own figure; if only communes report it, the city's is the sum of its communes.
    const r = await send('PATCH', '/api/kpis/van_ban_chi_dao', admin, { reportLevels: [3] });
    expect(r.statusCode).toBe(200);
    const city = await t.get<FiguresReply>(admin, `/api/units/01/figures?period=${TEST_LAST_CLOSED}`);
    const f = city.body.figures.find((x) => x.kpi === 'van_ban_chi_dao');
    expect(f?.source).toBe('aggregate');
    // Every commune of today's map that reported the month contributes its own figure, and only they.
    const communes = (await t.get<{ units: { code: string }[] }>(admin, '/api/units?level=3&pageSize=200')).body.units;
    const own = [];
    for (const c of communes) {
      const figure = (await t.get<FiguresReply>(admin, `/api/units/${c.code}/figures?period=${TEST_LAST_CLOSED}`)).body.figures.find(
        (x) => x.kpi === 'van_ban_chi_dao' && x.source === 'own',
      );
      if (figure?.value != null) own.push(figure.value);
    }
    expect(own.length).toBeGreaterThan(1);
    expect(f?.contributors).toBe(own.length);
    expect(f?.value).toBe(own.reduce((a, b) => a + b, 0));
  });

  it('is open to the top secretariat and admins only', async () => {
    for (const u of ['lanhdao', 'badinh', 'to1.phucxa']) {
      expect((await send('PATCH', '/api/kpis/van_ban_chi_dao', await t.login(u), { order: 1 })).statusCode).toBe(403);
    }
  });
});

describe('targets', () => {
  it('lists the targets of a KPI', async () => {
    const r = await t.get<TargetsReply>(thuky, '/api/kpis/lam_sach_dan_cu/targets');
    expect(r.status).toBe(200);
    expect(r.body.open).toBe(TEST_OPEN);
    expect(r.body.current.map((x) => x.level)).toEqual([1, 2, 3, 4]);
    expect(r.body.current[0]).toMatchObject({ unit: null, value: 100, deadline: '2022-12', from: null });
    expect(r.body.history.map((x) => [x.level, x.from, x.to])).toEqual([1, 2, 3, 4].map((l) => [l, null, null]));
  });

  it('moves the 70 % target to 80 % from the open period: the figures API shows the new attainment at once', async () => {
    const url = `/api/units/01/figures?period=${TEST_OPEN}`;
    const tthc = async (u: string) => (await t.get<FiguresReply>(thuky, u)).body.figures.find((f) => f.kpi === 'tthc_tich_hop');
    const before = await tthc(url);
    expect(before?.target).toBe(70);
    const r = await send('PUT', '/api/kpis/tthc_tich_hop/targets', thuky, [{ level: 1, value: 80, deadline: '2022-12' }]);
    expect(r.statusCode).toBe(200);
    expect((r.json() as TargetsReply).current).toMatchObject([{ level: 1, value: 80, deadline: '2022-12', from: TEST_OPEN }]);
    const after = await tthc(url);
    expect(after?.target).toBe(80);
    // The month before keeps the target it was judged by.
    expect((await tthc(`/api/units/01/figures?period=${TEST_LAST_CLOSED}`))?.target).toBe(70);
    expect(after?.value).toBe(before?.value);
    expect(before?.attainment).toEqual(expect.any(Number));
    expect(after?.attainment).toEqual(expect.any(Number));
    // attainment = value / target: the same value against a higher target
    expect(after?.attainment as number).toBeCloseTo(((before?.attainment as number) * 70) / 80, 6);
    const a = lastAudit('kpi.targets', 'tthc_tich_hop');
    expect(a?.before).toEqual([{ unit: null, level: 1, from: TEST_OPEN, value: 70, deadline: '2022-12', since: null }]);
    expect(a?.after).toEqual([{ unit: null, level: 1, from: TEST_OPEN, value: 80, deadline: '2022-12', removed: false }]);
  });

  it('a unit-specific target wins over the level-wide one; unchanged targets keep their age', async () => {
    const old = (await t.get<TargetsReply>(thuky, '/api/kpis/lam_sach_dan_cu/targets')).body.current;
    // `00004` names the new Phường Ba Đình today (Trúc Bạch until 2025-06): a target is set for today's unit.
    const r = await send('PUT', '/api/kpis/lam_sach_dan_cu/targets', thuky, [
      ...old.map((x) => ({ level: x.level as number, value: x.value, deadline: x.deadline })),
      { unit: '00004', value: 95, deadline: '2027-06' },
    ]);
    expect(r.statusCode).toBe(200);
    const now = (r.json() as TargetsReply).current;
    expect(now.filter((x) => x.level !== null).map((x) => x.id)).toEqual(old.map((x) => x.id));
    expect(now.find((x) => x.unit !== null)).toMatchObject({ unit: { code: '00004', name: 'Ba Đình', level: 3 }, value: 95 });
    const figures = async (code: string, period: string) => {
      const body = (await t.get<FiguresReply>(thuky, `/api/units/${code}/figures?period=${period}`)).body;
      return { unit: body.unit.name, lamSach: body.figures.find((f) => f.kpi === 'lam_sach_dan_cu') };
    };
    expect(await figures('00004', TEST_OPEN)).toMatchObject({ unit: 'Ba Đình', lamSach: { target: 95, deadline: '2027-06' } });
    // From the open period on: the month before keeps its tier's target.
    expect(await figures('00004', TEST_LAST_CLOSED)).toMatchObject({ unit: 'Ba Đình', lamSach: { target: 100 } });
    // Another commune keeps the target of its tier, and so does Trúc Bạch, which carried the code before.
    expect(await figures('00097', TEST_OPEN)).toMatchObject({ unit: 'Hồng Hà', lamSach: { target: 100 } });
    expect(await figures('00004', '2025-06')).toMatchObject({ unit: 'Trúc Bạch', lamSach: { target: 100 } });
  });

  it('refuses bad target lists and writes nothing', async () => {
    const before = (await t.get<TargetsReply>(thuky, '/api/kpis/dvc_tich_hop/targets')).body;
    const bad = [
      [{ unit: '001', level: 2, value: 1, deadline: '2022-12' }],
      [{ value: 1, deadline: '2022-12' }],
      [{ unit: '99999', value: 1, deadline: '2022-12' }],
      [{ level: 9, value: 1, deadline: '2022-12' }],
      [{ level: 1, value: 1, deadline: '2022-13' }],
      [
        { level: 1, value: 1, deadline: '2022-12' },
        { level: 1, value: 2, deadline: '2022-12' },
      ],
      // a past period changes only by a correction
      [{ level: 1, value: 1, deadline: '2022-12', from: TEST_LAST_CLOSED }],
    ];
    for (const body of bad) expect((await send('PUT', '/api/kpis/dvc_tich_hop/targets', thuky, body)).statusCode).toBe(400);
    expect((await t.get<TargetsReply>(thuky, '/api/kpis/dvc_tich_hop/targets')).body).toEqual(before);
    expect((await send('PUT', '/api/kpis/khong_co/targets', thuky, [])).statusCode).toBe(404);
  });

  it('another server process on the same database sees a change on its next request', async () => {
    const other = openDb(`file:${t.db.sqlite.name}`);
    const app2 = await buildApp({ db: other, config: { today: () => TEST_TODAY, logLevel: 'silent' }, logger: false });
    try {
      await app2.ready();
      const login = await app2.inject({
        method: 'POST',
        url: '/api/auth/login',
        payload: { username: 'lanhdao', password: 'tiendo-demo' },
      });
      const cookie = `tiendo_session=${login.cookies.find((c) => c.name === 'tiendo_session')?.value}`;
      const read = async () =>
        ((await app2.inject({ url: '/api/kpis/dvc_tich_hop/targets', headers: { cookie } })).json() as TargetsReply).current[0]?.value;
      expect(await read()).toBe(928);
      await send('PUT', '/api/kpis/dvc_tich_hop/targets', thuky, [{ level: 1, value: 1000, deadline: '2023-06' }]);
      expect(await read()).toBe(1000);
    } finally {
      await app2.close();
      other.close();
    }
  });
});

describe('reporting calendar', () => {
  it('reads and changes the cut-off, deadline and grace days from the open period on; earlier periods stay', async () => {
    const r = await t.get<ReportingSettingsReply>(thuky, '/api/settings/reporting');
    // The demo's calendar has no row yet: the defaults hold since the programme began.
    expect(r.body).toEqual({
      cutoffDay: 14,
      deadlineDays: 3,
      graceDays: 7,
      period: TEST_OPEN,
      openedThrough: null,
      history: [],
      openings: [],
    });
    const put = await send('PUT', '/api/settings/reporting', thuky, { cutoffDay: 20, deadlineDays: 5, graceDays: 10 });
    expect(put.statusCode).toBe(200);
    const periods = (await t.get<PeriodInfo[]>(thuky, '/api/periods')).body;
    expect(periods.find((p) => p.period === '2026-10')).toMatchObject({ from: '2026-09-15', to: '2026-10-14', deadline: '2026-10-17' });
    expect(periods.find((p) => p.period === TEST_OPEN)).toMatchObject({ from: '2026-11-15', to: '2026-12-20', deadline: '2026-12-25' });
    expect(periods.find((p) => p.period === '2027-01')).toMatchObject({ from: '2026-12-21', to: '2027-01-20' });
    const a = lastAudit('settings.reporting', 'reporting');
    expect(a?.before).toEqual({ period: TEST_OPEN, cutoffDay: 14, deadlineDays: 3, graceDays: 7 });
    expect(a?.after).toMatchObject({ from: TEST_OPEN, cutoffDay: 20, deadlineDays: 5, graceDays: 10 });
    await send('PUT', '/api/settings/reporting', thuky, { cutoffDay: 14, deadlineDays: 3, graceDays: 7 });
    const back = (await t.get<ReportingSettingsReply>(thuky, '/api/settings/reporting')).body;
    // Both changes stay in the history; the later one for the same period replaced the first.
    expect(back.history.map((h) => [h.from, h.cutoffDay, h.replacedBy === null])).toEqual([
      [TEST_OPEN, 14, true],
      [TEST_OPEN, 20, false],
    ]);
  });

  it('answers 400 to a cut-off day outside 1–28 and changes nothing', async () => {
    for (const cutoffDay of [0, 29, 31, -1, 1.5]) {
      const r = await send('PUT', '/api/settings/reporting', thuky, { cutoffDay, deadlineDays: 3, graceDays: 7 });
      expect(r.statusCode).toBe(400);
    }
    const r = await send('PUT', '/api/settings/reporting', thuky, { cutoffDay: 29, deadlineDays: 3, graceDays: 7 });
    expect((r.json() as { error: { message: string } }).error.message).toMatch(/1 (to|đến) 28/);
    expect((await t.get<ReportingSettingsReply>(thuky, '/api/settings/reporting')).body.cutoffDay).toBe(14);
  });

  it('opens the next period early', async () => {
    const before = (await t.get<PeriodInfo[]>(thuky, '/api/periods')).body;
    const upcoming = before.find((p) => p.state === 'upcoming');
    expect(upcoming).toBeDefined();
    const r = await send('POST', '/api/periods/open', thuky, {});
    expect(r.statusCode).toBe(200);
    const after = r.json() as PeriodInfo[];
    expect(after.find((p) => p.period === upcoming?.period)?.state).toBe('open');
    // What the report workflow asks when it decides whether a report for the period is accepted:
    expect(t.app.services.settings.phase(upcoming?.period as string)).toBe('open');
    expect((await t.get<ReportingSettingsReply>(thuky, '/api/settings/reporting')).body.openedThrough).toBe(upcoming?.period);
    expect(lastAudit('settings.open_period', upcoming?.period as string)?.after).toEqual({ openedThrough: upcoming?.period });
    expect((await send('POST', '/api/periods/open', thuky, { period: TEST_OPEN })).statusCode).toBe(409);
    expect((await send('POST', '/api/periods/open', thuky, { period: '2030-01' })).statusCode).toBe(400);
    expect((await send('POST', '/api/periods/open', await t.login('lanhdao'), {})).statusCode).toBe(403);
  });
});
