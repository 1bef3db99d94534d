import { describe, expect, it } from 'vitest';
import { bodyOf, draftOf, kpiProblems } from './kpi-form.ts';

describe('KPI form', () => {
  it('starts empty for a new KPI and names what is missing', () => {
    const d = draftOf(null, 'chi_dao');
    expect(kpiProblems(d, true)).toEqual({
      code: 'admin.kpis.codeRule',
      name: 'admin.kpis.required',
      nameEn: 'admin.kpis.required',
      unit: 'admin.kpis.required',
      unitEn: 'admin.kpis.required',
      reportLevels: 'admin.kpis.levelsRequired',
    });
  });
  it('builds the body: ratio mode only for ratios, levels sorted', () => {
    const d = { ...draftOf(null, 'g'), code: 'x', name: 'X', nameEn: 'X', unit: 'u', unitEn: 'u', reportLevels: [4, 1] };
    expect(bodyOf(d)).toMatchObject({ kind: 'count', ratioMode: null, reportLevels: [1, 4] });
    expect(bodyOf({ ...d, kind: 'ratio', ratioMode: 'flow' }).ratioMode).toBe('flow');
    expect(kpiProblems(d, true)).toEqual({});
  });
});
