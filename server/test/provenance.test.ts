/**
 * An aggregate says how it was made: of the units whose figures flow into it, how many were
 * expected, how many reported this month and how many count with a level carried from before.
 */
import { smallWorld } from '@tiendo/seed/factories';
import type { CompletenessReply, FiguresReply, ReportReply, ReportValue, UnitReply } from '@tiendo/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_LAST_CLOSED, TEST_OPEN } from './constants.ts';
import { createTestApp, type Session, type TestContext } from './helpers.ts';

let t: TestContext;
let leader: Session;
beforeAll(async () => {
  t = await createTestApp({ world: smallWorld() });
  leader = await t.login('lanhdao');
  // One team reports the open month, as last month; the others have not yet.
  const team = await t.login('to1.phucxa');
  const url = `/api/units/00001-01/reports/${TEST_OPEN}`;
  const form = (await t.get<ReportReply>(team, url)).body;
  const values: Record<string, ReportValue> = {};
  for (const k of form.kpis) if (k.previous != null) values[k.code] = k.previous;
  const saved = await t.app.inject({ method: 'PUT', url, payload: { version: form.version, values }, headers: team.headers });
  expect(saved.statusCode, saved.body).toBe(200);
  const version = (saved.json() as ReportReply).version;
  const sent = await t.app.inject({ method: 'POST', url: `${url}/submit`, payload: { version }, headers: team.headers });
  expect(sent.statusCode, sent.body).toBe(200);
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
    // Every team that has not reported this month has a level from before: all of them count, carried.
    expect(teams?.reported).toBe(1);
    expect(cleaned?.units?.carried).toBe((teams?.expected ?? 0) - 1);
    expect(cleaned?.units?.carried).toBeGreaterThan(0);
    // A flow carries nothing: what did not come in this month is simply missing.
    expect(received?.units).toEqual({ expected: teams?.expected, reported: teams?.reported, carried: 0 });
    expect(received?.contributors).toBe(teams?.reported);
  });

  it('a unit reporting a KPI itself says nothing of the kind', async () => {
    const f = (await t.get<FiguresReply>(leader, `/api/units/00097/figures?period=${TEST_LAST_CLOSED}`)).body;
    expect(f.figures.find((x) => x.kpi === 'dinh_danh_giai_quyet')?.units).toBeUndefined();
    // The cleaned-records level of the commune is its teams': every team of that month is expected.
    const teams = (await t.get<UnitReply>(leader, `/api/units/00097?period=${TEST_LAST_CLOSED}`)).body.children;
    expect(teams.length).toBeGreaterThan(1);
    expect(f.figures.find((x) => x.kpi === 'lam_sach_dan_cu')?.units?.expected).toBe(teams.length);
  });
});
