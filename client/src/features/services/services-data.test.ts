import type { ChecklistItem, SeriesPoint } from '@tiendo/shared';
import { describe, expect, it } from 'vitest';
import { serviceRows } from './services-data.ts';

const item = (code: string, order: number): ChecklistItem => ({ code, name: code, nameEn: null, lead: null, order, retired: false });
const fig = (...done: string[]) => ({ items: ['a', 'b', 'c'].map((code) => ({ code, name: code, done: done.includes(code) ? 1 : 0 })) });
const month = (period: string, ...done: string[]): Pick<SeriesPoint, 'period' | 'items'> => ({
  period,
  items: Object.fromEntries(['a', 'b', 'c'].map((c) => [c, done.includes(c) ? 1 : 0])),
});

describe('serviceRows', () => {
  it('dates each live service from the month it went live and keeps the rest open', () => {
    const rows = serviceRows([item('b', 2), item('a', 1), item('c', 3)], fig('a', 'b'), [
      month('2022-01', 'a'),
      month('2022-02', 'a'),
      month('2022-03', 'a', 'b'),
      month('2022-04', 'a', 'b'),
    ]);
    expect(rows.map((r) => [r.code, r.live, r.since, r.sinceFirst])).toEqual([
      ['a', true, '2022-01', true],
      ['b', true, '2022-03', false],
      ['c', false, null, false],
    ]);
  });

  it('dates a service that went live, stopped and came back from its return, even with the count unchanged', () => {
    // b goes off as c goes live (the count stays 2), then b comes back in 2022-04
    const rows = serviceRows([item('a', 1), item('b', 2), item('c', 3)], fig('a', 'b', 'c'), [
      month('2022-01', 'a', 'b'),
      { period: '2022-02' },
      month('2022-03', 'a', 'c'),
      month('2022-04', 'a', 'b', 'c'),
    ]);
    expect(rows.map((r) => [r.code, r.since, r.sinceFirst])).toEqual([
      ['a', '2022-01', true],
      ['b', '2022-04', false],
      ['c', '2022-03', false],
    ]);
  });
});
