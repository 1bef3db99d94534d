import { describe, expect, it } from 'vitest';
import { amountOfReport, combine, emptyAmount, headlineValue, isZeroDelta, sumAmounts } from './aggregate.ts';

describe('aggregation rules', () => {
  it('rebuilds a percentage from summed numerators, never averaging: 99 % of 10 and 50 % of 1,000 is 50.5 %', () => {
    const a = amountOfReport('ratio', { numerator: 9.9, denominator: 10 });
    const b = amountOfReport('ratio', { numerator: 500, denominator: 1000 });
    const total = sumAmounts([a, b]);
    expect(headlineValue('ratio', total)).toBeCloseTo(509.9 / 10.1, 10);
    expect(headlineValue('ratio', total)).toBeCloseTo(50.5, 1);
    expect(headlineValue('ratio', total)).not.toBeCloseTo(74.5, 1);
  });

  it('sums counts and stocks and counts the contributing units', () => {
    const total = sumAmounts([amountOfReport('count', { value: 3 }), amountOfReport('count', { value: 4 })]);
    expect(headlineValue('count', total)).toBe(7);
    expect(total.contributors).toBe(2);
  });

  it('has no figure when nothing contributed', () => {
    expect(headlineValue('count', emptyAmount())).toBeNull();
    expect(headlineValue('ratio', amountOfReport('ratio', { numerator: 0, denominator: 0 }))).toBeNull();
  });

  it('aggregates checklists per item, then counts the items done everywhere', () => {
    const a = amountOfReport('checklist', { items: ['dv01', 'dv02', 'dv03'] });
    const b = amountOfReport('checklist', { items: ['dv01', 'dv03'] });
    const total = sumAmounts([a, b]);
    expect(total.items).toEqual({ dv01: 2, dv02: 1, dv03: 2 });
    expect(headlineValue('checklist', total)).toBe(2);
    expect(headlineValue('checklist', a)).toBe(3);
  });

  it('subtracts exactly, so a correction propagates as a difference and items vanish at zero', () => {
    const before = amountOfReport('checklist', { items: ['dv01', 'dv02'] });
    const after = amountOfReport('checklist', { items: ['dv01'] });
    const delta = combine(after, before, -1);
    expect(delta.items).toEqual({ dv02: -1 });
    expect(delta.contributors).toBe(0);
    expect(isZeroDelta(combine(before, before, -1))).toBe(true);
    expect(combine(before, delta).items).toEqual({ dv01: 1 });
  });
});
