import type { BreakdownReply, CompletenessReply, FiguresReply, PeriodInfo, SeriesReply, UnitReply } from '@tiendo/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_LAST_CLOSED, TEST_OPEN } from './constants.ts';
import { createTestApp, type Session, type TestContext } from './helpers.ts';

let t: TestContext;
let leader: Session;
beforeAll(async () => {
  t = await createTestApp({ demo: true });
  leader = await t.login('lanhdao');
});
afterAll(() => t.close());

const get = <T>(url: string) => t.get<T>(leader, url);
const fig = (reply: FiguresReply, kpi: string) => {
  const f = reply.figures.find((x) => x.kpi === kpi);
  if (!f) throw new Error(`no figure ${kpi}`);
  return f;
};

describe('public read API on the Hanoi demo', () => {
  it('answers health', async () => {
    expect(await get('/api/health')).toEqual({ status: 200, body: { status: 'ok' } });
  });

  it('lists periods from the programme start, the last closed one and the open one', async () => {
    const { status, body } = await get<PeriodInfo[]>('/api/periods');
    expect(status).toBe(200);
    expect(body[0]?.period).toBe('2022-01');
    const last = body.filter((p) => p.cutoffPassed).at(-1);
    expect(last?.period).toBe(TEST_LAST_CLOSED);
    expect(body.find((p) => p.period === TEST_OPEN)?.state).toBe('open');
    expect(body.at(-1)?.state).toBe('upcoming');
    expect(body.find((p) => p.period === '2022-09')).toMatchObject({ from: '2022-08-15', to: '2022-09-14', state: 'closed' });
  });

  it('lists the KPI catalogue with the 25 essential services as items', async () => {
    const { body } = await get<{ code: string; kind: string; items?: unknown[] }[]>('/api/kpis');
    expect(body.map((k) => k.code)).toContain('tthc_tich_hop');
    expect(body.find((k) => k.code === 'dvc_thiet_yeu')?.items).toHaveLength(25);
  });

  it('describes a unit with its ancestors and children', async () => {
    const { body } = await get<UnitReply>('/api/units/00001');
    expect(body).toMatchObject({ code: '00001', name: 'Phúc Xá', level: 3, type: 'phường', parent: { code: '001', name: 'Ba Đình' } });
    expect(body.ancestors.map((a) => a.code)).toEqual(['01', '001']);
    expect(body.children[0]).toMatchObject({ code: '00001-01', name: 'Tổ dân phố số 1', type: 'tổ dân phố' });
    const city = await get<UnitReply>('/api/units/01');
    expect(city.body.children).toHaveLength(30);
  });

  it("matches the 2022 article for the city's September 2022 figures", async () => {
    const { status, body } = await get<FiguresReply>('/api/units/01/figures?period=2022-09');
    expect(status).toBe(200);
    expect(fig(body, 'dinh_danh_tiep_nhan').cumulative).toBeGreaterThan(3_350_000);
    expect(fig(body, 'dinh_danh_tiep_nhan').cumulative).toBeLessThan(3_450_000);
    expect(fig(body, 'cccd_thu_nhan').cumulative).toBeGreaterThan(6_000_000);
    const clean = fig(body, 'lam_sach_dan_cu');
    expect(clean.value).toBeCloseTo(99.5, 0);
    expect(clean.denominator).toBeGreaterThan(7_800_000);
    expect(clean.denominator).toBeLessThan(8_300_000);
    expect(clean.value).toBeCloseTo(((clean.numerator ?? 0) / (clean.denominator ?? 1)) * 100, 10);
    const vac = fig(body, 'lam_sach_tiem_chung').cumulative ?? 0;
    expect(Math.abs(vac - 700_000)).toBeLessThan(30_000);
    const services = fig(body, 'dvc_thiet_yeu');
    expect(services.value).toBe(21);
    expect(services.itemsTotal).toBe(25);
    expect(services.target).toBe(25);
    const tthc = fig(body, 'tthc_tich_hop');
    expect(tthc).toMatchObject({ target: 70, deadline: '2022-12', status: 'at_risk' });
    expect(tthc.projection).toBeCloseTo(64, 0);
    expect(fig(body, 'van_ban_chi_dao').source).toBe('own');
    const docs = await get<SeriesReply>('/api/units/01/series?kpi=van_ban_chi_dao&from=2022-01&to=2022-09');
    expect(docs.body.points.at(-1)?.cumulative).toBeGreaterThan(60);
    const nov = await get<FiguresReply>('/api/units/01/figures?period=2022-11');
    expect(fig(nov.body, 'dvc_tich_hop')).toMatchObject({ value: 928, status: 'achieved' });
  });

  it('keeps processed e-ID applications at or below those received, as running totals', async () => {
    for (const code of ['01', '001', '00001', '271']) {
      const { body } = await get<FiguresReply>(`/api/units/${code}/figures?period=${TEST_LAST_CLOSED}`);
      expect(fig(body, 'dinh_danh_giai_quyet').cumulative ?? 0).toBeLessThanOrEqual(fig(body, 'dinh_danh_tiep_nhan').cumulative ?? 0);
    }
  });

  it('shows only the KPIs a unit or the units below it report', async () => {
    const team = await get<FiguresReply>(`/api/units/00001-01/figures?period=${TEST_LAST_CLOSED}`);
    expect(team.body.figures.map((f) => f.kpi).sort()).toEqual(['cccd_thu_nhan', 'dinh_danh_tiep_nhan', 'lam_sach_dan_cu']);
    const district = await get<FiguresReply>(`/api/units/001/figures?period=${TEST_LAST_CLOSED}`);
    expect(district.body.figures.map((f) => f.kpi)).not.toContain('tthc_tich_hop');
    expect(fig(district.body, 'van_ban_chi_dao').source).toBe('own');
  });

  it('gives a month-by-month series with a running total', async () => {
    const { status, body } = await get<SeriesReply>('/api/units/001/series?kpi=dinh_danh_tiep_nhan&from=2022-01&to=2022-12');
    expect(status).toBe(200);
    expect(body.points).toHaveLength(12);
    let running = 0;
    for (const p of body.points) {
      running += p.value ?? 0;
      expect(p.cumulative).toBe(running);
    }
  });

  it('ranks the child units on one KPI with their report state', async () => {
    const { body } = await get<BreakdownReply>(`/api/units/01/breakdown?kpi=lam_sach_dan_cu&period=${TEST_LAST_CLOSED}`);
    expect(body.rows).toHaveLength(30);
    const ranks = body.rows.map((r) => r.rank).sort((a, b) => (a ?? 0) - (b ?? 0));
    expect(ranks).toEqual(Array.from({ length: 30 }, (_, i) => i + 1));
    const best = body.rows.find((r) => r.rank === 1);
    for (const r of body.rows) expect(r.value ?? 0).toBeLessThanOrEqual(best?.value ?? 0);
    expect(body.rows.every((r) => ['on_time', 'late', 'missing'].includes(r.reportState))).toBe(true);
  });

  it('counts completeness and lists the units that did not report', async () => {
    const { body } = await get<CompletenessReply>(`/api/units/01/completeness?period=${TEST_LAST_CLOSED}&limit=5000`);
    expect(body.expected).toBe(1 + 0 + 30 + 579 + 5247 - 1);
    expect(body.reported + body.missingTotal).toBe(body.expected);
    expect(body.onTime + body.late).toBe(body.reported);
    expect(body.missing).toHaveLength(body.missingTotal);
    const open = await get<CompletenessReply>(`/api/units/00001/completeness?period=${TEST_OPEN}`);
    expect(open.body.reported).toBe(0);
    expect(open.body.missingTotal).toBe(open.body.expected);
  });
});

describe('bad input', () => {
  it.each([
    ['/api/units/zzz/figures?period=2022-09', 404],
    ['/api/units/01/figures?period=2022-13', 400],
    ['/api/units/01/figures', 400],
    ['/api/units/01/figures?period=2022-09-01', 400],
    ['/api/units/01/series?kpi=nope&from=2022-01&to=2022-03', 404],
    ['/api/units/01/series?kpi=dinh_danh_tiep_nhan&from=2022-05&to=2022-03', 400],
    ['/api/units/01/series?kpi=dinh_danh_tiep_nhan&from=2000-01&to=2099-12', 400],
    ['/api/units/01/series?kpi=DROP%20TABLE&from=2022-01&to=2022-03', 400],
    ['/api/units/01/breakdown?kpi=lam_sach_dan_cu', 400],
    ['/api/units/01/completeness?period=2022-09&limit=-1', 400],
    ['/api/units/%27%20OR%201=1/figures?period=2022-09', 400],
    ['/api/nothing-here', 404],
  ])('%s → %i with an error body', async (url, status) => {
    const r = await t.get<{ error: { code: string; message: string } }>(leader, url);
    expect(r.status).toBe(status);
    const body = r.body;
    expect(body.error.message.length).toBeGreaterThan(5);
  });
});
