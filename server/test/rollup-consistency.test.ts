/**
 * The roll-up table must always equal what the children add up to: on the demo as loaded, after
 * writes that propagate differences, and after a full rebuild.
 */
import type { BreakdownReply, FiguresReply } from '@tiendo/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type Session, type TestContext } from './helpers.ts';

let t: TestContext;
let leader: Session;
beforeAll(async () => {
  t = await createTestApp({ demo: true });
  leader = await t.login('lanhdao');
});
afterAll(() => t.close());

const json = async <T>(url: string): Promise<T> => (await t.get<T>(leader, url)).body;

/** Every KPI that a unit shows as an aggregate equals the aggregation of its children's figures. */
async function expectParentEqualsChildren(code: string, period: string) {
  const parent = await json<FiguresReply>(`/api/units/${code}/figures?period=${period}`);
  for (const f of parent.figures) {
    if (f.source !== 'aggregate') continue;
    const b = await json<BreakdownReply>(`/api/units/${code}/breakdown?kpi=${f.kpi}&period=${period}`);
    if (f.kind === 'ratio') {
      const num = b.rows.reduce((s, r) => s + (r.numerator ?? 0), 0);
      const den = b.rows.reduce((s, r) => s + (r.denominator ?? 0), 0);
      expect([code, period, f.kpi, f.numerator, f.denominator]).toEqual([code, period, f.kpi, num, den]);
      expect(f.value).toBeCloseTo((num / den) * 100, 9);
    } else if (f.kind === 'count' || f.kind === 'stock') {
      const sum = b.rows.reduce((s, r) => s + (r.value ?? 0), 0);
      expect([code, period, f.kpi, f.value]).toEqual([code, period, f.kpi, sum]);
      if (f.kind === 'count') {
        const cum = b.rows.reduce((s, r) => s + (r.cumulative ?? 0), 0);
        expect([code, period, f.kpi, 'cumulative', f.cumulative]).toEqual([code, period, f.kpi, 'cumulative', cum]);
      }
    }
  }
}

const SAMPLE_UNITS = ['01', '001', '271', '00001', '00004', '09619'];
const SAMPLE_PERIODS = ['2022-01', '2022-09', '2023-06', '2025-02', '2026-11', '2026-12'];

describe('roll-up consistency', () => {
  it('parents equal the aggregation of their children on the demo as loaded', async () => {
    for (const code of SAMPLE_UNITS) for (const p of SAMPLE_PERIODS) await expectParentEqualsChildren(code, p);
  });

  it('a team that misses a month keeps its cleaned-records level, marked as carried', async () => {
    const { sqlite } = t.db;
    const gap = sqlite
      .prepare(
        `SELECT u.code, r.period FROM units u JOIN reports r ON r.unit_id = u.id
         WHERE u.level = 4 AND r.period = '2026-10'
           AND NOT EXISTS (SELECT 1 FROM reports x WHERE x.unit_id = u.id AND x.period = '2026-11') LIMIT 1`,
      )
      .get() as { code: string } | undefined;
    expect(gap).toBeDefined();
    const f = await json<FiguresReply>(`/api/units/${gap?.code}/figures?period=2026-11`);
    const clean = f.figures.find((x) => x.kpi === 'lam_sach_dan_cu');
    expect(clean).toMatchObject({ carried: true, carriedFrom: '2026-10' });
    expect(clean?.value).not.toBeNull();
    const flow = f.figures.find((x) => x.kpi === 'dinh_danh_tiep_nhan');
    expect(flow?.value).toBeNull();
  });

  it('propagates new and corrected figures to every ancestor in the same transaction, and agrees with a rebuild', async () => {
    const { catalog, rollups, figures } = t.app.services;
    const cat = catalog.get();
    const team = catalog.unit('00001-01');
    const other = catalog.unit('00004-02');
    const received = catalog.kpi('dinh_danh_tiep_nhan');
    const cleaned = catalog.kpi('lam_sach_dan_cu');
    const before = figures.figures('01', '2026-12');
    const now = new Date().toISOString();
    t.db.sqlite.transaction(() => {
      rollups.applyFigure(cat, team, received, '2026-12', { value: 1234 }, null, now);
      rollups.applyFigure(cat, team, cleaned, '2026-12', { numerator: 1500, denominator: 2000 }, null, now);
      // A correction to a past month of a level: carried forward until the next own report.
      rollups.applyFigure(cat, other, cleaned, '2025-03', { numerator: 10, denominator: 4000 }, null, now);
      rollups.applyFigure(cat, other, received, '2024-01', null, null, now);
    })();
    const after = figures.figures('01', '2026-12');
    const delta = (r: FiguresReply, k: string) => r.figures.find((f) => f.kpi === k);
    expect((delta(after, 'dinh_danh_tiep_nhan')?.value ?? 0) - (delta(before, 'dinh_danh_tiep_nhan')?.value ?? 0)).toBe(1234);
    for (const code of ['01', '001', '00001', '002', '00004']) {
      for (const p of ['2024-01', '2025-03', '2025-04', '2026-12']) await expectParentEqualsChildren(code, p);
    }
    const snapshot = (code: string, p: string) =>
      JSON.stringify(figures.figures(code, p).figures.map((f) => [f.kpi, f.value, f.cumulative]));
    const probes = ['01', '001', '00001', '002', '00004'].flatMap((c) =>
      ['2024-01', '2025-03', '2025-06', '2026-12'].map((p) => [c, p] as const),
    );
    const incremental = probes.map(([c, p]) => snapshot(c, p));
    rollups.rebuildRollups(catalog.get(), now);
    expect(probes.map(([c, p]) => snapshot(c, p))).toEqual(incremental);
  });
});
