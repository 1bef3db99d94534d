import {
  addMonths,
  type BreakdownReply,
  type CompletenessReply,
  type FiguresReply,
  type LineageReply,
  type PeriodInfo,
  type SeriesReply,
  type UnitReply,
} from '@tiendo/shared';
import ExcelJS from 'exceljs';
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

/** First period of Hà Nội's two-tier map (districts end 2025-06). */
const REFORM = '2025-07';

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

  it('describes a unit with its ancestors and children on the map of the period asked', async () => {
    // Without a period: the open one, on today's map (no districts).
    const today = await get<UnitReply>('/api/units/00097');
    expect(today.status).toBe(200);
    expect(today.body).toMatchObject({
      code: '00097',
      name: 'Hồng Hà',
      level: 3,
      type: 'phường',
      period: TEST_OPEN,
      parent: { code: '01', name: 'Hà Nội' },
    });
    expect(today.body.ancestors.map((a) => a.code)).toEqual(['01']);
    expect(today.body.children.find((c) => c.code === '00001-01')).toMatchObject({ name: 'Tổ dân phố số 1', type: 'tổ dân phố', level: 4 });
    const then = await get<UnitReply>('/api/units/00001?period=2025-06');
    expect(then.body).toMatchObject({ code: '00001', name: 'Phúc Xá', level: 3, type: 'phường', parent: { code: '001', name: 'Ba Đình' } });
    expect(then.body.ancestors.map((a) => a.code)).toEqual(['01', '001']);
    expect(then.body.children[0]).toMatchObject({ code: '00001-01', name: 'Tổ dân phố số 1', type: 'tổ dân phố' });
    expect((await get<UnitReply>('/api/units/01')).body.children).toHaveLength(126);
    expect((await get<UnitReply>('/api/units/01?period=2025-06')).body.children).toHaveLength(30);
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

  it("keeps every team's running totals of e-ID applications and chip-ID records within its population", () => {
    // The population of a team in a month is its citizen-records count, the cleaning ratio's denominator.
    const over = t.db.sqlite
      .prepare(
        `SELECT k.code AS kpi, COUNT(*) AS n, MAX(f.cum_value / d.denominator) AS worst
         FROM figures f
         JOIN kpis k ON k.id = f.kpi_id AND k.code IN ('dinh_danh_tiep_nhan', 'cccd_thu_nhan')
         JOIN kpis kd ON kd.code = 'lam_sach_dan_cu'
         JOIN figures d ON d.unit_id = f.unit_id AND d.kpi_id = kd.id AND d.period = f.period
         WHERE f.cum_value > d.denominator
         GROUP BY k.code`,
      )
      .all();
    expect(over).toEqual([]);
    const compared = t.db.sqlite
      .prepare(
        `SELECT COUNT(*) FROM figures f JOIN kpis k ON k.id = f.kpi_id AND k.code = 'cccd_thu_nhan'
         JOIN kpis kd ON kd.code = 'lam_sach_dan_cu'
         JOIN figures d ON d.unit_id = f.unit_id AND d.kpi_id = kd.id AND d.period = f.period`,
      )
      .pluck()
      .get() as number;
    expect(compared).toBeGreaterThan(200_000);
  });

  it('keeps processed e-ID applications at or below those received, as running totals', async () => {
    const cases = [
      ...['01', '00097', '00004', '00160'].map((code) => [code, TEST_LAST_CLOSED] as const),
      ...['01', '001', '00001', '271'].map((code) => [code, '2025-06'] as const),
    ];
    for (const [code, period] of cases) {
      const { status, body } = await get<FiguresReply>(`/api/units/${code}/figures?period=${period}`);
      expect([code, period, status]).toEqual([code, period, 200]);
      const processed = fig(body, 'dinh_danh_giai_quyet').cumulative ?? 0;
      expect(processed, `${code} ${period}`).toBeGreaterThan(0);
      expect(processed, `${code} ${period}`).toBeLessThanOrEqual(fig(body, 'dinh_danh_tiep_nhan').cumulative ?? 0);
    }
  });

  it('shows only the KPIs a unit or the units below it report', async () => {
    const team = await get<FiguresReply>(`/api/units/00001-01/figures?period=${TEST_LAST_CLOSED}`);
    expect(team.body.figures.map((f) => f.kpi).sort()).toEqual(['cccd_thu_nhan', 'dinh_danh_tiep_nhan', 'lam_sach_dan_cu']);
    const commune = await get<FiguresReply>(`/api/units/00097/figures?period=${TEST_LAST_CLOSED}`);
    expect(commune.body.figures.map((f) => f.kpi)).not.toContain('tthc_tich_hop');
    expect(fig(commune.body, 'van_ban_chi_dao').source).toBe('own');
    const district = await get<FiguresReply>('/api/units/001/figures?period=2025-06');
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

  it.each([
    ['2025-06', 30, 2],
    [TEST_LAST_CLOSED, 126, 3],
  ])('ranks the child units on one KPI with their report state (%s: %i units of tier %i)', async (period, count, tier) => {
    const { body } = await get<BreakdownReply>(`/api/units/01/breakdown?kpi=lam_sach_dan_cu&period=${period}`);
    expect(body.rows).toHaveLength(count);
    expect(new Set(body.rows.map((r) => r.level))).toEqual(new Set([tier]));
    // every unit has a level to rank; units that read the same share a rank (1, 2, 2, 4), best first
    expect(body.rows.every((r) => r.rank !== null)).toBe(true);
    const ranks = body.rows.map((r) => r.rank as number);
    expect(ranks).toEqual([...ranks].sort((a, b) => a - b));
    ranks.forEach((rank, i) => {
      expect(rank).toBe(i === 0 || rank !== ranks[i - 1] ? i + 1 : ranks[i - 1]);
    });
    const best = body.rows.find((r) => r.rank === 1);
    // another first may be a hair higher: within the one-decimal rounding that made them tie
    for (const r of body.rows) expect(r.value ?? 0).toBeLessThanOrEqual((best?.value ?? 0) + 0.05);
    expect(body.rows.every((r) => ['on_time', 'late', 'missing'].includes(r.reportState))).toBe(true);
  });

  it('counts completeness and lists the units that did not report', async () => {
    // The units below the city that existed then: communes and teams today, districts too before July 2025.
    for (const [period, byTier] of [
      [TEST_LAST_CLOSED, { 3: 126, 4: 5247 }],
      ['2025-06', { 2: 30, 3: 579, 4: 5247 }],
    ] as const) {
      const { body } = await get<CompletenessReply>(`/api/units/01/completeness?period=${period}&limit=10000`);
      expect(Object.fromEntries(body.byLevel.map((l) => [l.level, l.expected]))).toEqual(byTier);
      expect(body.expected).toBe(Object.values(byTier).reduce((a, b) => a + b, 0));
      expect(body.reported + body.missingTotal).toBe(body.expected);
      expect(body.onTime + body.late).toBe(body.reported);
      expect(body.missing).toHaveLength(body.missingTotal);
    }
    // None of Hồng Hà's teams has reported in the open period.
    const open = await get<CompletenessReply>(`/api/units/00097/completeness?period=${TEST_OPEN}`);
    expect(open.body.expected).toBeGreaterThan(0);
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

/** The 404 a code answers in a period when it names a unit only at other times. */
interface NotInPeriod {
  error: {
    code: string;
    message: string;
    details: {
      successors?: { code: string; name: string; share: number; validFrom: string | null; validTo: string | null }[];
      predecessors?: { code: string; name: string; share: number; validFrom: string | null; validTo: string | null }[];
    };
  };
}

/** Every read route that takes a unit code, asked about `code` in `period`. */
function readRoutes(code: string, period: string): [string, string][] {
  const kpi = 'dinh_danh_tiep_nhan';
  return [
    ['unit', `/api/units/${code}?period=${period}`],
    ['figures', `/api/units/${code}/figures?period=${period}`],
    ['series', `/api/units/${code}/series?kpi=${kpi}&from=2025-01&to=${period}`],
    ['breakdown', `/api/units/${code}/breakdown?kpi=${kpi}&period=${period}`],
    ['completeness', `/api/units/${code}/completeness?period=${period}`],
    ['lineage', `/api/units/${code}/lineage?period=${period}`],
    ['report', `/api/units/${code}/report?period=${period}&format=xlsx`],
  ];
}

describe('codes that changed meaning', () => {
  const HA_NOI = { code: '01', name: 'Hà Nội', level: 1 };
  const meanings = [
    { code: '00004', period: '2025-06', map: 'period', name: 'Trúc Bạch', parent: { code: '001', name: 'Ba Đình', type: 'quận' } },
    { code: '00004', period: '2025-07', map: 'period', name: 'Ba Đình', parent: HA_NOI },
    { code: '00004', period: '2024-05', map: 'today', name: 'Ba Đình', parent: HA_NOI },
    { code: '00097', period: '2025-06', map: 'period', name: 'Tứ Liên', parent: { code: '003', name: 'Tây Hồ', type: 'quận' } },
    { code: '00097', period: '2025-07', map: 'period', name: 'Hồng Hà', parent: HA_NOI },
    { code: '00097', period: '2024-05', map: 'today', name: 'Hồng Hà', parent: HA_NOI },
  ] as const;

  it.each(meanings)('$code in $period (map=$map) is Phường $name under $parent.name on every read route', async (m) => {
    const q = `period=${m.period}&map=${m.map}`;
    const rebuilt = m.map === 'today';
    const unit = await get<UnitReply>(`/api/units/${m.code}?${q}`);
    expect(unit.status).toBe(200);
    expect(unit.body).toMatchObject({
      code: m.code,
      name: m.name,
      type: 'phường',
      level: 3,
      period: m.period,
      map: m.map,
      parent: m.parent,
    });
    expect(unit.body.ancestors.at(-1)).toMatchObject(m.parent);
    const teams = unit.body.children.map((c) => c.code);
    expect(teams.length).toBeGreaterThan(0);
    expect(unit.body.children.every((c) => c.level === 4)).toBe(true);

    const figures = await get<FiguresReply>(`/api/units/${m.code}/figures?${q}`);
    expect(figures.status).toBe(200);
    expect(figures.body.unit).toMatchObject({ code: m.code, name: m.name });
    const withValue = figures.body.figures.filter((f) => f.value !== null);
    expect(withValue.length).toBeGreaterThan(0);
    // Read on today's map before the reform, the new commune's figures are its rebuilt past.
    for (const f of withValue) expect([f.kpi, f.rebuilt ?? false]).toEqual([f.kpi, rebuilt]);

    const series = await get<SeriesReply>(`/api/units/${m.code}/series?kpi=dinh_danh_tiep_nhan&from=2024-01&to=${m.period}&map=${m.map}`);
    expect(series.status).toBe(200);
    expect(series.body.unit).toMatchObject({ code: m.code, name: m.name });
    expect(series.body.points.every((p) => p.value !== null)).toBe(true);

    const breakdown = await get<BreakdownReply>(`/api/units/${m.code}/breakdown?kpi=dinh_danh_tiep_nhan&${q}`);
    expect(breakdown.status).toBe(200);
    expect(breakdown.body.unit).toMatchObject({ code: m.code, name: m.name });
    // the same teams as the unit's children, listed best first (ranked rows, then the unranked)
    expect(breakdown.body.rows.map((r) => r.code).sort()).toEqual([...teams].sort());

    // Every team existed in every period, so each of the unit's teams is expected, and nothing else.
    const completeness = await get<CompletenessReply>(`/api/units/${m.code}/completeness?${q}`);
    expect(completeness.status).toBe(200);
    expect(completeness.body.unit).toMatchObject({ code: m.code, name: m.name });
    expect(completeness.body.byLevel.map((l) => [l.level, l.expected])).toEqual([[4, teams.length]]);

    if (m.map === 'period') {
      const lineage = await get<LineageReply>(`/api/units/${m.code}/lineage?period=${m.period}`);
      expect(lineage.status).toBe(200);
      expect(lineage.body.unit).toMatchObject({ code: m.code, name: m.name });
      // The old unit and the new one are linked both ways under the same code.
      if (m.period < REFORM) expect(lineage.body.successors.map((s) => s.code)).toContain(m.code);
      else expect(lineage.body.predecessors.map((s) => s.code)).toContain(m.code);

      const report = await t.app.inject({ url: `/api/units/${m.code}/report?period=${m.period}&format=xlsx`, headers: leader.headers });
      expect(report.statusCode).toBe(200);
      expect(decodeURIComponent(String(report.headers['content-disposition']))).toContain(` - ${m.name} - ${m.period}.xlsx`);
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.load(report.rawPayload as unknown as ArrayBuffer);
      const parentType = 'type' in m.parent ? 'Quận' : 'Thành phố';
      expect(String(wb.worksheets[0]?.getCell(1, 1).value)).toContain(`Phường ${m.name}, ${parentType} ${m.parent.name}`);
    }
  });

  it('a team keeps its code and moves: Tổ dân phố số 1 of Phúc Xá is under Hồng Hà from July 2025', async () => {
    const before = await get<UnitReply>('/api/units/00001-01?period=2025-06');
    expect(before.body.ancestors.map((a) => a.code)).toEqual(['01', '001', '00001']);
    const after = await get<UnitReply>('/api/units/00001-01?period=2025-07');
    expect(after.body.ancestors.map((a) => `${a.code} ${a.name}`)).toEqual(['01 Hà Nội', '00097 Hồng Hà']);
  });

  it('answers 404 unit_not_in_period with the successors for a code that ended (Phúc Xá after June 2025)', async () => {
    const urls: [string, string][] = [
      ...readRoutes('00001', '2025-07'),
      ...readRoutes('00001', TEST_LAST_CLOSED),
      ['unit on today’s map', '/api/units/00001?period=2024-05&map=today'],
      ['figures on today’s map', '/api/units/00001/figures?period=2024-05&map=today'],
    ];
    for (const [route, url] of urls) {
      const r = await get<NotInPeriod>(url);
      expect([route, r.status, r.body.error.code]).toEqual([route, 404, 'unit_not_in_period']);
      expect(r.body.error.details).toEqual({
        successors: [{ code: '00097', name: 'Hồng Hà', share: 1, validFrom: REFORM, validTo: null }],
      });
    }
  });

  it('gives no code a meaning it did not have: every new commune kept the code of one of its predecessors', async () => {
    // So in the demo no code names nothing before July 2025; the next test makes one that does.
    const communes = (await get<UnitReply>(`/api/units/01?period=${REFORM}`)).body.children;
    for (const c of communes) {
      const lineage = await get<LineageReply>(`/api/units/${c.code}/lineage?period=${REFORM}`);
      expect(
        lineage.body.predecessors.map((p) => p.code),
        c.code,
      ).toContain(c.code);
    }
  });

  it('answers 404 unit_not_in_period with the predecessors for a code used only after a reorganisation', async () => {
    // A future merge into a code never used before, on a copy of its own: only the map is asked
    // about, so the roll-ups are not rebuilt.
    const own = await createTestApp({ demo: true });
    try {
      const from = addMonths(TEST_OPEN, 1);
      own.app.services.hierarchy.reorganise(
        ['00004', '00097'].map((oldCode) => ({ oldCode, newCode: '00098', newName: 'Sông Hồng', newType: 'phường', share: 1 })),
        from,
        null,
        { rebuild: false },
      );
      const admin = await own.login('admin');
      for (const [route, url] of readRoutes('00098', TEST_OPEN)) {
        const r = await own.get<NotInPeriod>(admin, url);
        expect([route, r.status, r.body.error.code]).toEqual([route, 404, 'unit_not_in_period']);
        expect(r.body.error.details).toEqual({
          predecessors: [
            { code: '00004', name: 'Ba Đình', share: 1, validFrom: REFORM, validTo: TEST_OPEN },
            { code: '00097', name: 'Hồng Hà', share: 1, validFrom: REFORM, validTo: TEST_OPEN },
          ],
        });
      }
      const then = await own.get<UnitReply>(admin, `/api/units/00098?period=${from}`);
      expect(then.body).toMatchObject({ name: 'Sông Hồng', parent: { code: '01' } });
      // A code nobody ever used is a plain 404.
      const never = await own.get<NotInPeriod>(admin, `/api/units/00099?period=${TEST_OPEN}`);
      expect([never.status, never.body.error.code]).toEqual([404, 'unit_not_found']);
    } finally {
      await own.close();
    }
  });

  it('traces Hồng Hà to the whole of Phúc Xá and the others it took', async () => {
    const { body } = await get<LineageReply>(`/api/units/00097/lineage?period=${REFORM}`);
    expect(body.unit).toMatchObject({ code: '00097', name: 'Hồng Hà', validFrom: REFORM, validTo: null });
    expect(body.predecessors).toContainEqual(
      expect.objectContaining({ code: '00001', name: 'Phúc Xá', share: 1, validTo: '2025-06', period: REFORM }),
    );
    expect(body.predecessors).toContainEqual(expect.objectContaining({ code: '00097', name: 'Tứ Liên', share: 1 }));
    expect(body.predecessors.every((p) => p.share === 1 && p.validTo === '2025-06')).toBe(true);
    expect(body.successors).toEqual([]);
    const phucXa = await get<LineageReply>('/api/units/00001/lineage?period=2025-06');
    expect(phucXa.body.successors).toEqual([expect.objectContaining({ code: '00097', name: 'Hồng Hà', share: 1, validFrom: REFORM })]);
  });

  it('traces a split: Dịch Vọng went half to Nghĩa Đô and half to Cầu Giấy', async () => {
    const old = await get<LineageReply>('/api/units/00166/lineage?period=2025-06');
    expect(old.body.unit).toMatchObject({ code: '00166', name: 'Dịch Vọng', validTo: '2025-06' });
    expect(old.body.successors.map((s) => [s.code, s.name, s.share]).sort()).toEqual([
      ['00160', 'Nghĩa Đô', 0.5],
      ['00166', 'Cầu Giấy', 0.5],
    ]);
    for (const code of ['00160', '00166']) {
      const next = await get<LineageReply>(`/api/units/${code}/lineage?period=${REFORM}`);
      expect(next.body.predecessors, code).toContainEqual(expect.objectContaining({ code: '00166', name: 'Dịch Vọng', share: 0.5 }));
    }
  });

  it('lists 30 districts under the city in June 2025 and 126 communes (51 phường, 75 xã) from July 2025', async () => {
    const june = (await get<UnitReply>('/api/units/01?period=2025-06')).body.children;
    expect(june).toHaveLength(30);
    expect(june.every((c) => c.level === 2 && ['quận', 'huyện', 'thị xã'].includes(c.type))).toBe(true);
    const july = (await get<UnitReply>(`/api/units/01?period=${REFORM}`)).body.children;
    expect(july).toHaveLength(126);
    expect(july.every((c) => c.level === 3)).toBe(true);
    expect(july.filter((c) => c.type === 'phường')).toHaveLength(51);
    expect(july.filter((c) => c.type === 'xã')).toHaveLength(75);
  });

  it.each(['2025-06', REFORM])("sums the city's figures from its children on the map of %s", async (period) => {
    const city = (await get<FiguresReply>(`/api/units/01/figures?period=${period}`)).body;
    const aggregated = city.figures.filter((f) => f.source === 'aggregate').map((f) => f.kpi);
    // Everything but what the city reports itself.
    expect(aggregated.sort()).toEqual(
      ['cccd_thu_nhan', 'chi_tra_dien_tu', 'dinh_danh_giai_quyet', 'dinh_danh_tiep_nhan', 'lam_sach_dan_cu', 'lam_sach_tiem_chung'].sort(),
    );
    for (const kpi of aggregated) {
      const f = fig(city, kpi);
      const rows = (await get<BreakdownReply>(`/api/units/01/breakdown?kpi=${kpi}&period=${period}`)).body.rows;
      expect(rows).toHaveLength(period < REFORM ? 30 : 126);
      expect(sumOfChildren(f.kind, rows), kpi).toEqual(figureTotals(f));
    }
  });

  it("keeps the city's own figures before the reform whichever map they are read on", async () => {
    for (const period of ['2022-09', '2024-05', '2025-06']) {
      const asReported = await get<FiguresReply>(`/api/units/01/figures?period=${period}`);
      const today = await get<FiguresReply>(`/api/units/01/figures?period=${period}&map=today`);
      expect(today.body, period).toEqual(asReported.body);
    }
  });

  it('ranks the 126 communes in June 2025 on today’s map, their rebuilt figures adding up to the city’s', async () => {
    const city = (await get<FiguresReply>('/api/units/01/figures?period=2025-06')).body;
    const received = (await get<BreakdownReply>('/api/units/01/breakdown?kpi=dinh_danh_tiep_nhan&period=2025-06&map=today')).body;
    expect(received.rows).toHaveLength(126);
    expect(received.rows.every((r) => r.level === 3 && r.rebuilt === true)).toBe(true);
    // A team-tier count: the sum of teams that kept existing, exact.
    expect(received.rows.every((r) => r.estimated === false)).toBe(true);
    expect(sumOfChildren('count', received.rows)).toEqual(figureTotals(fig(city, 'dinh_danh_tiep_nhan')));

    // A commune-tier count: a split successor's past is a share of its predecessor's own figure.
    const processed = (await get<BreakdownReply>('/api/units/01/breakdown?kpi=dinh_danh_giai_quyet&period=2025-06&map=today')).body;
    const row = (code: string) => processed.rows.find((r) => r.code === code);
    expect(row('00160')).toMatchObject({ name: 'Nghĩa Đô', rebuilt: true, estimated: true });
    expect(row('00097')).toMatchObject({ name: 'Hồng Hà', rebuilt: true, estimated: false });
    expect(sumOfChildren('count', processed.rows)).toEqual(figureTotals(fig(city, 'dinh_danh_giai_quyet')));
  });

  it('runs Hồng Hà’s series across July 2025 without a cliff', async () => {
    const { body } = await get<SeriesReply>('/api/units/00097/series?kpi=dinh_danh_tiep_nhan&from=2025-01&to=2025-12');
    expect(body.unit).toMatchObject({ code: '00097', name: 'Hồng Hà' });
    expect(body.points).toHaveLength(12);
    let previous: number | null = null;
    for (const p of body.points) {
      expect([p.period, p.rebuilt ?? false, p.estimated ?? false]).toEqual([p.period, p.period < REFORM, false]);
      expect(p.value, p.period).not.toBeNull();
      expect(p.cumulative, p.period).not.toBeNull();
      // The running total goes on by each month's value, across the boundary too.
      if (previous !== null) expect(p.cumulative, p.period).toBe(previous + (p.value ?? 0));
      previous = p.cumulative;
    }
    // Before July the points are Hồng Hà's teams' (exact), the same as on today's map.
    const june = (await get<FiguresReply>('/api/units/00097/figures?period=2025-06&map=today')).body;
    expect(fig(june, 'dinh_danh_tiep_nhan')).toMatchObject({ value: body.points[5]?.value, cumulative: body.points[5]?.cumulative });
  });

  it('expects no district to report from July 2025', async () => {
    const { body } = await get<CompletenessReply>(`/api/units/01/completeness?period=${REFORM}&limit=10000`);
    expect(body.byLevel.map((l) => [l.level, l.expected])).toEqual([
      [3, 126],
      [4, 5247],
    ]);
    expect(body.missing.every((m) => m.level !== 2)).toBe(true);
  });

  it('lets phucxa read Phúc Xá until its end and not after', async () => {
    const phucxa = await t.login('phucxa');
    const june = await t.get<FiguresReply>(phucxa, '/api/units/00001/figures?period=2025-06');
    expect(june.status).toBe(200);
    expect(june.body.unit).toMatchObject({ code: '00001', name: 'Phúc Xá' });
    const july = await t.get<NotInPeriod>(phucxa, `/api/units/00001/figures?period=${REFORM}`);
    expect([july.status, july.body.error.code]).toEqual([404, 'unit_not_in_period']);
  });

  it('lets hongha read the archive of what Hồng Hà was made of, and nothing else', async () => {
    const hongha = await t.login('hongha');
    const phucXa = await t.get<FiguresReply>(hongha, '/api/units/00001/figures?period=2025-06');
    expect(phucXa.status).toBe(200);
    expect(phucXa.body.unit).toMatchObject({ code: '00001', name: 'Phúc Xá' });
    // 00004 in June 2025 is Trúc Bạch, which went to Phường Ba Đình, not to Hồng Hà.
    const trucBach = await t.get<NotInPeriod>(hongha, '/api/units/00004/figures?period=2025-06');
    expect([trucBach.status, trucBach.body.error.code]).toEqual([403, 'no_access']);
    const itself = await t.get<FiguresReply>(hongha, '/api/units/00097/figures?period=2025-06&map=today');
    expect(itself.status).toBe(200);
  });
});

/** What a parent's figure should be: the sums of its children's rows. */
function sumOfChildren(kind: string, rows: BreakdownReply['rows']) {
  const sum = (pick: (r: BreakdownReply['rows'][number]) => number | null | undefined) => rows.reduce((s, r) => s + (pick(r) ?? 0), 0);
  if (kind === 'ratio') return { numerator: sum((r) => r.numerator), denominator: sum((r) => r.denominator) };
  if (kind === 'count') return { value: sum((r) => r.value), cumulative: sum((r) => r.cumulative) };
  return { value: sum((r) => r.value) };
}

function figureTotals(f: FiguresReply['figures'][number]) {
  if (f.kind === 'ratio') return { numerator: f.numerator, denominator: f.denominator };
  if (f.kind === 'count') return { value: f.value, cumulative: f.cumulative };
  return { value: f.value };
}
