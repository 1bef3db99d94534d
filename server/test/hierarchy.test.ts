/**
 * The map of units changes (communes merge); history must survive it: every past month adds up
 * as reported, the merged unit exists only from its first month, and the new units are expected
 * to report from then on.
 */
import type { CompletenessReply, FiguresReply, UnitReply } from '@tiendo/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type Session, type TestContext } from './helpers.ts';

let t: TestContext;
let leader: Session;
beforeAll(async () => {
  t = await createTestApp({ demo: true });
  leader = await t.login('lanhdao');
});
afterAll(() => t.close());

const figures = async (code: string, period: string) =>
  (await t.get<FiguresReply>(leader, `/api/units/${code}/figures?period=${period}`)).body;
const value = (r: FiguresReply, kpi: string) => r.figures.find((f) => f.kpi === kpi);
/** The figures without their timestamps: a rebuild rewrites the aggregates' "as of". */
const numbers = (r: FiguresReply) => r.figures.map(({ updatedAt: _u, ...f }) => f);

describe('merging communes', () => {
  it('keeps history, opens the merged unit from its first month and expects its teams to report', async () => {
    const before = await figures('001', '2026-10');
    const phucXaBefore = await figures('00001', '2026-10');
    const r = t.app.services.hierarchy.merge(
      { codes: ['00001', '00004'], into: { code: '90001', name: 'Phúc Xá – Trúc Bạch', type: 'phường' }, period: '2026-11' },
      { id: null, username: 'test' },
    );
    expect(r.created).toBeGreaterThan(2);

    // The past is untouched: the district and the old commune report exactly as before.
    expect(numbers(await figures('001', '2026-10'))).toEqual(numbers(before));
    expect(numbers(await figures('00001', '2026-10'))).toEqual(numbers(phucXaBefore));
    // The old commune does not exist after the merge; the new one does not exist before it.
    expect((await t.get(leader, '/api/units/00001/figures?period=2026-11')).status).toBe(404);
    expect((await t.get(leader, '/api/units/90001/figures?period=2026-10')).status).toBe(404);
    const merged = (await t.get<UnitReply>(leader, '/api/units/90001')).body;
    expect(merged).toMatchObject({ validFrom: '2026-11', parent: { code: '001' } });
    expect(merged.children[0]).toMatchObject({ code: '90001-01', type: 'tổ dân phố' });

    // After the merge the new teams are expected; the old ones are not.
    const c = (await t.get<CompletenessReply>(leader, '/api/units/001/completeness?period=2026-11&limit=5000')).body;
    const missing = c.missing.map((m) => m.code);
    expect(missing.some((m) => m.startsWith('00001-') || m.startsWith('00004-'))).toBe(false);
    expect(missing.filter((m) => m.startsWith('90001-')).length).toBe(merged.children.length);
    // District figures after the merge still equal what its communes add up to.
    const district = await figures('001', '2026-11');
    const flows = value(district, 'dinh_danh_tiep_nhan');
    const breakdown = (
      await t.get<{ rows: { code: string; value: number | null }[] }>(
        leader,
        '/api/units/001/breakdown?kpi=dinh_danh_tiep_nhan&period=2026-11',
      )
    ).body;
    expect(breakdown.rows.map((x) => x.code)).toContain('90001');
    expect(breakdown.rows.map((x) => x.code)).not.toContain('00001');
    expect(breakdown.rows.reduce((s, x) => s + (x.value ?? 0), 0)).toBe(flows?.value ?? 0);
  });

  it('refuses unknown units, taken codes and units from different parents', () => {
    const merge = (codes: string[], code: string) =>
      t.app.services.hierarchy.merge({ codes, into: { code, name: 'x', type: 'xã' }, period: '2027-01' }, null);
    expect(() => merge(['nope'], '90002')).toThrow(/not found/);
    expect(() => merge(['00007'], '001')).toThrow(/taken/);
    expect(() => merge(['00007', '00037'], '90003')).toThrow(/share level and parent/);
  });
});
