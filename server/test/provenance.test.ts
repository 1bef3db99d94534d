/**
 * An aggregate says how it was made: of the units whose figures flow into it, how many were
 * expected, how many reported this month and how many count with a level carried from before.
 */
import type { CompletenessReply, FiguresReply } from '@tiendo/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_OPEN } from './constants.ts';
import { createTestApp, type Session, type TestContext } from './helpers.ts';

let t: TestContext;
let leader: Session;
beforeAll(async () => {
  t = await createTestApp({ demo: true });
  leader = await t.login('lanhdao');
});
afterAll(() => t.close());

describe('figures say how they were made', () => {
  it('the city in the open month: few teams reported, the cleaned-records level of the rest is carried', async () => {
    const f = (await t.get<FiguresReply>(leader, `/api/units/01/figures?period=${TEST_OPEN}`)).body;
    const c = (await t.get<CompletenessReply>(leader, `/api/units/01/completeness?period=${TEST_OPEN}&limit=0`)).body;
    const teams = c.byLevel.find((l) => l.level === 4);
    const cleaned = f.figures.find((x) => x.kpi === 'lam_sach_dan_cu');
    const received = f.figures.find((x) => x.kpi === 'dinh_danh_tiep_nhan');
    expect(teams).toBeDefined();
    // Every team that submitted reported its three KPIs: the counts agree with completeness.
    expect(cleaned?.units).toEqual({
      expected: teams?.expected,
      reported: teams?.reported,
      carried: (cleaned?.contributors ?? 0) - (teams?.reported ?? 0),
    });
    expect(cleaned?.units?.carried).toBeGreaterThan(4000);
    // A flow carries nothing: what did not come in this month is simply missing.
    expect(received?.units).toEqual({ expected: teams?.expected, reported: teams?.reported, carried: 0 });
    expect(received?.contributors).toBe(teams?.reported);
  });

  it('a unit reporting a KPI itself says nothing of the kind', async () => {
    const f = (await t.get<FiguresReply>(leader, '/api/units/00097/figures?period=2026-11')).body;
    expect(f.figures.find((x) => x.kpi === 'dinh_danh_giai_quyet')?.units).toBeUndefined();
    expect(f.figures.find((x) => x.kpi === 'lam_sach_dan_cu')?.units?.expected).toBe(72);
  });
});
