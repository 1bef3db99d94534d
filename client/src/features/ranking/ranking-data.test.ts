import type { BreakdownRow } from '@tiendo/shared';
import { describe, expect, it } from 'vitest';
import { laggingCodes, nextSort, rankingBars, sortRows } from './ranking-data.ts';

const row = (code: string, value: number | null, rank: number | null, extra: Partial<BreakdownRow> = {}): BreakdownRow => ({
  code,
  name: `Unit ${code}`,
  level: 2,
  type: 'quận',
  value,
  target: null,
  attainment: null,
  status: 'no_target',
  rank,
  carried: false,
  reportState: 'on_time',
  ...extra,
});

describe('laggingCodes', () => {
  it('flags units behind their target and units that did not report', () => {
    const rows = [
      row('a', 90, 1, { status: 'achieved' }),
      row('b', 50, 2, { status: 'off_track' }),
      row('c', null, null, { reportState: 'missing' }),
    ];
    expect([...laggingCodes(rows)].sort()).toEqual(['b', 'c']);
  });
  it('flags the bottom fifth when there is no target', () => {
    const rows = Array.from({ length: 10 }, (_, i) => row(String(i), 100 - i, i + 1));
    expect([...laggingCodes(rows)].sort()).toEqual(['8', '9']);
  });
});

describe('sortRows', () => {
  const rows = [row('a', 5, 2), row('b', null, null), row('c', 9, 1)];
  it('sorts by value either way and keeps gaps at the bottom', () => {
    expect(sortRows(rows, 'value', 'desc', 'vi').map((r) => r.code)).toEqual(['c', 'a', 'b']);
    expect(sortRows(rows, 'value', 'asc', 'vi').map((r) => r.code)).toEqual(['a', 'c', 'b']);
  });
  it('sorts names with Vietnamese collation', () => {
    const named = [row('1', 1, 1, { name: 'Đống Đa' }), row('2', 1, 1, { name: 'Ba Đình' }), row('3', 1, 1, { name: 'Cầu Giấy' })];
    expect(sortRows(named, 'name', 'asc', 'vi').map((r) => r.name)).toEqual(['Ba Đình', 'Cầu Giấy', 'Đống Đa']);
  });
  it('toggles direction on the same column', () => {
    expect(nextSort({ column: 'rank', dir: 'asc' }, 'rank')).toEqual({ column: 'rank', dir: 'desc' });
    expect(nextSort({ column: 'rank', dir: 'asc' }, 'value')).toEqual({ column: 'value', dir: 'desc' });
  });
});

describe('rankingBars', () => {
  it('orders bars by rank and marks laggards', () => {
    const bars = rankingBars([row('a', 5, 2), row('b', null, null), row('c', 9, 1)], new Set(['a']));
    expect(bars).toEqual([
      { code: 'c', name: 'Unit c', value: 9, lagging: false },
      { code: 'a', name: 'Unit a', value: 5, lagging: true },
    ]);
  });
});
