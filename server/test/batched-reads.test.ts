import { smallWorld } from '@tiendo/seed/factories';
import type { BreakdownReply, BreakdownsReply, FiguresReply, Kpi, SeriesReply, TrendsReply } from '@tiendo/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type Session, type TestContext } from './helpers.ts';

// The dashboard asks for every KPI's series and every KPI's breakdown in one request each
// (`trends`, `breakdowns`): each part must be exactly what the one-KPI route answers.
let t: TestContext;
let leader: Session;
let kpis: Kpi[];
const period = '2026-10';
beforeAll(async () => {
  t = await createTestApp({ world: smallWorld() });
  leader = await t.login('lanhdao');
  kpis = (await t.get<Kpi[]>(leader, '/api/kpis')).body;
});
afterAll(() => t.close());

describe('GET /api/units/{code}/trends', () => {
  for (const [code, query] of [
    ['01', ''],
    ['00097', ''],
    ['01', '&basis=approved'],
    ['01', '&map=today'],
  ] as const) {
    it(`gives ${code}${query} every followed KPI's series, each equal to /series`, async () => {
      const trends = await t.get<TrendsReply>(leader, `/api/units/${code}/trends?from=2026-01&to=${period}${query}`);
      expect(trends.status).toBe(200);
      const figures = await t.get<FiguresReply>(leader, `/api/units/${code}/figures?period=${period}${query}`);
      // the KPIs the unit follows are the ones its figures list, in the same order
      expect(trends.body.series.map((s) => s.kpi)).toEqual(figures.body.figures.map((f) => f.kpi));
      expect(trends.body.series.length).toBeGreaterThan(1);
      for (const s of trends.body.series) {
        const one = await t.get<SeriesReply>(leader, `/api/units/${code}/series?kpi=${s.kpi}&from=2026-01&to=${period}${query}`);
        expect(s).toEqual(one.body);
      }
    });
  }

  it('carries, for a checklist, how many units have each item live in every month', async () => {
    const checklist = kpis.find((k) => k.kind === 'checklist');
    if (!checklist) throw new Error('the small world has a checklist KPI');
    const trends = await t.get<TrendsReply>(leader, `/api/units/01/trends?from=2026-01&to=${period}`);
    const s = trends.body.series.find((x) => x.kpi === checklist.code);
    const last = s?.points.at(-1);
    expect(last?.items).toBeDefined();
    // the month's figure says the same per item
    const figures = await t.get<FiguresReply>(leader, `/api/units/01/figures?period=${period}`);
    const f = figures.body.figures.find((x) => x.kpi === checklist.code);
    expect(Object.entries(last?.items ?? {}).sort()).toEqual((f?.items ?? []).map((i) => [i.code, i.done]).sort());
    // and a count KPI has no items
    expect(trends.body.series.find((x) => x.kpi !== checklist.code && x.points.some((p) => p.items))).toBeUndefined();
  });

  it('refuses what /series refuses, in the same words', async () => {
    const r = await t.get<{ error: { code: string } }>(leader, `/api/units/01/trends?from=2026-10&to=2026-01`);
    expect(r.status).toBe(400);
    const one = await t.get<{ error: { code: string } }>(leader, `/api/units/01/series?kpi=${kpis[0]?.code}&from=2026-10&to=2026-01`);
    expect(r.body).toEqual(one.body);
  });

  it('answers a unit out of the reader’s scope as /series does', async () => {
    const approver = await t.login('hongha');
    const mine = await t.get(approver, `/api/units/00097/trends?from=2026-01&to=${period}`);
    expect(mine.status).toBe(200);
    const other = await t.get(approver, `/api/units/00004/trends?from=2026-01&to=${period}`);
    const otherSeries = await t.get(approver, `/api/units/00004/series?kpi=${kpis[0]?.code}&from=2026-01&to=${period}`);
    expect(other.status).toBe(otherSeries.status);
    expect(other.status).toBeGreaterThanOrEqual(403);
  });
});

describe('GET /api/units/{code}/breakdowns', () => {
  for (const [code, query] of [
    ['01', ''],
    ['00097', ''],
    ['01', '&basis=approved'],
  ] as const) {
    it(`gives ${code}${query} the breakdown of every KPI the units below follow, each equal to /breakdown`, async () => {
      const all = await t.get<BreakdownsReply>(leader, `/api/units/${code}/breakdowns?period=${period}${query}`);
      expect(all.status).toBe(200);
      expect(all.body.breakdowns.length).toBeGreaterThan(0);
      for (const b of all.body.breakdowns) {
        const one = await t.get<BreakdownReply>(leader, `/api/units/${code}/breakdown?kpi=${b.kpi}&period=${period}${query}`);
        expect(b).toEqual(one.body);
        expect(b.rows.length).toBeGreaterThan(0);
      }
    });
  }

  it('is empty for a unit with nothing below it', async () => {
    const all = await t.get<BreakdownsReply>(leader, `/api/units/00001-01/breakdowns?period=${period}`);
    expect(all.status).toBe(200);
    expect(all.body.breakdowns).toEqual([]);
  });
});
