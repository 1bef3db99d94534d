import type { BreakdownRow } from '@tiendo/shared';
import { describe, expect, it } from 'vitest';
import { defaultRankBy, effectiveRankBy, measureText, placeRows, printedMeasure, rankByOptions } from './rank-by.ts';

const row = (code: string, value: number | null, extra: Partial<BreakdownRow> = {}): BreakdownRow => ({
  code,
  name: `Xã ${code}`,
  level: 3,
  type: 'xã',
  value,
  target: null,
  attainment: null,
  status: 'no_target',
  rank: null,
  carried: false,
  reportState: value === null ? 'missing' : 'on_time',
  ...extra,
});
const COUNT = { kind: 'count', higherIsBetter: true } as const;
const RATIO = { kind: 'ratio', higherIsBetter: true } as const;

describe('what a ranking can be ordered by', () => {
  it('offers attainment first where the units below have a target, and per 1,000 only for amounts', () => {
    const targeted = [row('a', 97, { target: 100, attainment: 97, population: 5000 })];
    expect(rankByOptions(RATIO, targeted)).toEqual(['attainment', 'value', 'change']);
    expect(defaultRankBy(RATIO, targeted)).toBe('attainment');
    const counted = [row('a', 12, { cumulative: 300, population: 5000 })];
    expect(rankByOptions(COUNT, counted)).toEqual(['value', 'change', 'perThousand']);
    expect(defaultRankBy(COUNT, counted)).toBe('value');
    // a choice another KPI does not offer falls back to that KPI's default
    expect(effectiveRankBy(RATIO, targeted, 'perThousand')).toBe('attainment');
    expect(effectiveRankBy(COUNT, counted, 'perThousand')).toBe('perThousand');
  });
});

describe('placeRows', () => {
  it('gives ties the same place, 1, 2, 2, 4, and lists the unreported last, unranked', () => {
    const rows = [row('a', 10, { cumulative: 80 }), row('b', null, { cumulative: 999 }), row('c', 5, { cumulative: 90 })];
    rows.push(row('d', 7, { cumulative: 80 }), row('e', 1, { cumulative: 20 }));
    const placed = placeRows(COUNT, rows, 'value');
    expect(placed.map((r) => [r.code, r.place])).toEqual([
      ['c', 1],
      ['a', 2],
      ['d', 2],
      ['e', 4],
      ['b', null],
    ]);
  });

  it('ties percentages as printed: 99,94 % and 99,91 % both read 99,9 %', () => {
    const rows = [row('a', 99.91), row('b', 99.94), row('c', 99.96)];
    expect(printedMeasure(RATIO, rows[0] as BreakdownRow, 'value')).toBe(99.9);
    expect(placeRows(RATIO, rows, 'value').map((r) => [r.code, r.place])).toEqual([
      ['c', 1],
      ['a', 2],
      ['b', 2],
    ]);
  });

  it('ranks per 1,000 inhabitants on the running total of a count, so the biggest unit is not first by size alone', () => {
    const rows = [
      row('big', 40, { cumulative: 9000, population: 180000 }),
      row('small', 10, { cumulative: 2000, population: 20000 }),
      row('unknown', 10, { cumulative: 5000, population: null }),
    ];
    const placed = placeRows(COUNT, rows, 'perThousand');
    expect(placed.map((r) => [r.code, r.place, r.measure])).toEqual([
      ['small', 1, 100],
      ['big', 2, 50],
      ['unknown', null, null],
    ]);
    expect(measureText(COUNT, rows[0] as BreakdownRow, 'perThousand', 'vi')).toBe('50');
  });

  it('ranks by change since last month, lower first where lower is better', () => {
    const rows = [row('a', 5, { change: 2 }), row('b', 5, { change: -3 }), row('c', 5, { change: null })];
    expect(placeRows({ kind: 'count', higherIsBetter: false }, rows, 'change').map((r) => [r.code, r.place])).toEqual([
      ['b', 1],
      ['a', 2],
      ['c', null],
    ]);
    expect(measureText(RATIO, row('x', 90, { change: 1.26 }), 'change', 'vi')).toBe('+1,3');
  });
});
