import { describe, expect, it } from 'vitest';
import { bodyOfTargets, parseNumber, rowsOf, targetProblems } from './targets-form.ts';

describe('targets form', () => {
  const reply = {
    kpi: 'tthc_tich_hop',
    targets: [{ id: 1, unit: null, level: 1, value: 70, deadline: '2022-12', createdAt: '' }],
  };
  it('round-trips the list', () => {
    expect(bodyOfTargets(rowsOf(reply))).toEqual([{ level: 1, value: 70, deadline: '2022-12' }]);
  });
  it('reads a decimal comma and refuses words', () => {
    expect(parseNumber('99,5')).toBe(99.5);
    expect(parseNumber('abc')).toBeNull();
  });
  it('names bad values, deadlines, missing units and duplicates', () => {
    const rows = rowsOf(reply);
    const bad = [
      { ...rows[0], key: 'a', value: 'x', deadline: '2022-13' },
      { ...rows[0], key: 'b' },
      { ...rows[0], key: 'c' },
      { ...rows[0], key: 'd', scope: 'unit' as const, unit: null },
    ];
    expect(targetProblems(bad as never)).toEqual([
      { value: 'admin.targets.valueRule', deadline: 'admin.targets.deadlineRule' },
      {},
      { row: 'admin.targets.duplicate' },
      { unit: 'admin.users.unitRequired' },
    ]);
  });
});
