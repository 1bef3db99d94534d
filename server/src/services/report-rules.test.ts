import { formatPercentText } from '@tiendo/shared';
import { describe, expect, it } from 'vitest';
import { checkValue, type RuleKpi, unusualFlag, unusualMessage, unusualness } from './report-rules.ts';

const count: RuleKpi = { code: 'c', name: 'c', kind: 'count', items: [], atMost: null };
const ratio: RuleKpi = { ...count, code: 'r', kind: 'ratio' };
const list: RuleKpi = {
  ...count,
  code: 'l',
  kind: 'checklist',
  items: [
    { code: 'dv01', retiredFrom: null },
    { code: 'dv02', retiredFrom: '2023-01' },
  ],
};

describe('hard rules', () => {
  it('accepts non-negative whole numbers only', () => {
    expect(checkValue(count, 12, '2022-09').value).toEqual({ value: 12 });
    for (const bad of [-1, 1.5, Number.NaN]) expect(checkValue(count, bad, '2022-09').errors).toHaveLength(1);
    expect(checkValue(count, { numerator: 1, denominator: 2 }, '2022-09').errors[0]?.kpi).toBe('c');
  });

  it('keeps the numerator at or below the denominator', () => {
    expect(checkValue(ratio, { numerator: 9, denominator: 10 }, '2022-09').value).toEqual({ numerator: 9, denominator: 10 });
    expect(checkValue(ratio, { numerator: 11, denominator: 10 }, '2022-09').errors[0]?.field).toBe('numerator');
    expect(checkValue(ratio, { numerator: 1, denominator: 0 }, '2022-09').errors[0]?.field).toBe('denominator');
    expect(checkValue(ratio, { numerator: 0, denominator: 0 }, '2022-09').errors).toEqual([]);
    expect(checkValue(ratio, 5, '2022-09').errors).toHaveLength(1);
  });

  it('takes checklist items from the catalogue, as it stood in the period', () => {
    expect(checkValue(list, { items: ['dv02', 'dv01', 'dv01'] }, '2022-09').value).toEqual({ items: ['dv01', 'dv02'] });
    expect(checkValue(list, { items: ['dv02'] }, '2023-02').errors).toHaveLength(1);
    expect(checkValue(list, { items: ['dv99'] }, '2022-09').errors[0]?.message).toMatch(/dv99/);
  });
});

describe('what each rule says', () => {
  const said = (kpi: RuleKpi, v: Parameters<typeof checkValue>[1], period = '2022-09') =>
    checkValue(kpi, v, period).errors.map((e) => [e.field, e.code, e.params]);

  it('gives every refusal a stable code and the params of its sentence', () => {
    expect(said(count, -1)).toEqual([['value', 'not_whole_number', {}]]);
    expect(said(ratio, 5)).toEqual([[null, 'ratio_parts_required', {}]]);
    expect(said(ratio, { numerator: 1.5, denominator: -2 })).toEqual([
      ['numerator', 'not_whole_number', {}],
      ['denominator', 'not_whole_number', {}],
    ]);
    expect(said(ratio, { numerator: 1, denominator: 0 })).toEqual([['denominator', 'zero_denominator', {}]]);
    expect(said(ratio, { numerator: 11, denominator: 10 })).toEqual([['numerator', 'above_denominator', {}]]);
    expect(said(list, 3)).toEqual([['items', 'items_required', {}]]);
    expect(said(list, { items: ['dv99', 'dv02'] }, '2023-02')).toEqual([['items', 'unknown_items', { items: 'dv99, dv02' }]]);
  });

  it('flags an unusual value with the usual amount, or the usual percentage of a ratio', () => {
    expect(unusualFlag([410, 395, 430, 420, 405, 440], 4250, false)).toMatchObject({ code: 'far_from_recent', params: { usual: 415 } });
    const ratioFlag = unusualFlag([99.1, 99.2, 99.3, 99.4, 99.5, 99.6], 60, true);
    expect(ratioFlag?.code).toBe('far_from_recent');
    expect(ratioFlag?.params.usualPercent).toBeCloseTo(99.35, 6);
    expect(ratioFlag?.message).toContain(`usually about ${formatPercentText(99.35, 'en')})`);
  });
});

describe('soft rules', () => {
  it('flags a value far outside the recent months, like a typed extra zero', () => {
    const history = [410, 395, 430, 420, 405, 440];
    expect(unusualMessage(history, 425, false)).toBeNull();
    expect(unusualMessage(history, 4250, false)).toMatch(/giải trình/);
  });

  it('does not cry wolf on zero-heavy or steadily growing series', () => {
    expect(unusualMessage([0, 0, 1, 0, 0, 2], 3, false)).toBeNull();
    expect(unusualMessage([100, 120, 140, 160, 180, 200], 225, false)).toBeNull();
    expect(unusualMessage([99.1, 99.2, 99.3, 99.4, 99.5, 99.6], 99.7, true)).toBeNull();
    expect(unusualMessage([99.1, 99.2, 99.3, 99.4, 99.5, 99.6], 60, true)).not.toBeNull();
  });

  it('says nothing without enough history', () => {
    expect(unusualness([5, 6], 500, false)).toBeNull();
  });
});
