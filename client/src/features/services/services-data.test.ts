import type { ChecklistItem, SeriesPoint } from '@tiendo/shared';
import { describe, expect, it } from 'vitest';
import { changeMonths, serviceRows } from './services-data.ts';

const pt = (period: string, value: number | null): SeriesPoint => ({ period, value, cumulative: null, carried: false, contributors: 1 });
const item = (code: string, order: number): ChecklistItem => ({ code, name: code, nameEn: null, lead: null, order, retired: false });
const fig = (...done: string[]) => ({ items: ['a', 'b', 'c'].map((code) => ({ code, name: code, done: done.includes(code) ? 1 : 0 })) });

describe('changeMonths', () => {
  it('keeps the first month and every change of count', () => {
    expect(
      changeMonths([pt('2022-01', 19), pt('2022-02', 19), pt('2022-03', 21), pt('2022-04', null), pt('2022-05', 21), pt('2022-06', 25)]),
    ).toEqual(['2022-01', '2022-03', '2022-06']);
  });
});

describe('serviceRows', () => {
  it('dates each live service from the month it went live and keeps the rest open', () => {
    const rows = serviceRows([item('b', 2), item('a', 1), item('c', 3)], fig('a', 'b'), [
      { period: '2022-01', figure: fig('a') },
      { period: '2022-03', figure: fig('a', 'b') },
    ]);
    expect(rows.map((r) => [r.code, r.live, r.since, r.sinceFirst])).toEqual([
      ['a', true, '2022-01', true],
      ['b', true, '2022-03', false],
      ['c', false, null, false],
    ]);
  });
});
