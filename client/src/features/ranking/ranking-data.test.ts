import type { BreakdownRow } from '@tiendo/shared';
import { describe, expect, it } from 'vitest';
import { placeRows } from './rank-by.ts';
import {
  barDomain,
  behindWithoutNote,
  laggingCodes,
  lagReasons,
  nextSort,
  rankingAxisWidth,
  rankingBars,
  rebuiltCounts,
  sortRows,
} from './ranking-data.ts';

const COUNTED = { kind: 'stock', higherIsBetter: true } as const;
/** Rows placed on their figure, as the table gets them. */
const placed = (rows: BreakdownRow[]) => placeRows(COUNTED, rows, 'value');

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
      row('b', 50, 2, { status: 'off_track', target: 100, attainment: 50 }),
      row('c', null, null, { reportState: 'missing' }),
    ];
    expect([...laggingCodes(rows)].sort()).toEqual(['b', 'c']);
  });
  it('calls a unit that did not report missing, not behind, whatever its running total says', () => {
    const silent = row('s', null, null, { status: 'off_track', target: 100, attainment: 30, reportState: 'missing' });
    expect(lagReasons([silent]).get('s')).toBe('missing');
  });
  it('flags the bottom fifth when there is no target', () => {
    const rows = Array.from({ length: 10 }, (_, i) => row(String(i), 100 - i, i + 1));
    expect([...laggingCodes(rows)].sort()).toEqual(['8', '9']);
  });
});

describe('behindWithoutNote', () => {
  it('keeps the units highlighted that wrote nothing about the figure', () => {
    const rows = [
      row('a', 50, 1, { status: 'off_track', target: 100, attainment: 50, note: { source: 'difficulties', text: 'Thiếu máy đọc chip' } }),
      row('b', 40, 2, { status: 'off_track', target: 100, attainment: 40 }),
      row('c', null, null, { reportState: 'missing' }),
      row('d', 99, 3, { status: 'achieved' }),
    ];
    expect(behindWithoutNote(rows, lagReasons(rows)).map((r) => r.code)).toEqual(['b', 'c']);
  });
});

describe('sortRows', () => {
  const rows = placed([row('a', 5, 2), row('b', null, null), row('c', 9, 1)]);
  it('sorts by value either way and keeps gaps at the bottom', () => {
    expect(sortRows(rows, 'value', 'desc', 'vi').map((r) => r.code)).toEqual(['c', 'a', 'b']);
    expect(sortRows(rows, 'value', 'asc', 'vi').map((r) => r.code)).toEqual(['a', 'c', 'b']);
  });
  it('sorts names with Vietnamese collation', () => {
    const named = placed([row('1', 1, 1, { name: 'Đống Đa' }), row('2', 1, 1, { name: 'Ba Đình' }), row('3', 1, 1, { name: 'Cầu Giấy' })]);
    expect(sortRows(named, 'name', 'asc', 'vi').map((r) => r.name)).toEqual(['Ba Đình', 'Cầu Giấy', 'Đống Đa']);
  });
  it('by rank keeps the unranked last whichever way', () => {
    expect(sortRows(rows, 'rank', 'asc', 'vi').map((r) => r.code)).toEqual(['c', 'a', 'b']);
    expect(sortRows(rows, 'rank', 'desc', 'vi').map((r) => r.code)).toEqual(['a', 'c', 'b']);
  });
  it('toggles direction on the same column', () => {
    expect(nextSort({ column: 'rank', dir: 'asc' }, 'rank')).toEqual({ column: 'rank', dir: 'desc' });
    expect(nextSort({ column: 'rank', dir: 'asc' }, 'value')).toEqual({ column: 'value', dir: 'desc' });
  });
});

describe('rankingBars', () => {
  it('orders bars by rank and marks laggards', () => {
    const bars = rankingBars(placed([row('a', 5, 2), row('b', null, null), row('c', 9, 1)]), new Set(['a']));
    expect(bars).toEqual([
      { code: 'c', name: 'Unit c', value: 9, lagging: false, mark: null },
      { code: 'a', name: 'Unit a', value: 5, lagging: true, mark: null },
    ]);
  });
  it('marks the bars of units that did not exist yet: rebuilt from former units, or estimated', () => {
    const rows = [
      row('00097', 99.9, 1, { rebuilt: true, estimated: false }),
      row('00166', 99.5, 2, { rebuilt: true, estimated: true }),
      row('00004', 99.1, 3),
    ];
    expect(rankingBars(placeRows({ kind: 'ratio', higherIsBetter: true }, rows, 'value'), new Set()).map((b) => [b.code, b.mark])).toEqual([
      ['00097', 'rebuilt'],
      ['00166', 'estimated'],
      ['00004', null],
    ]);
    expect(rebuiltCounts(rows)).toEqual({ rebuilt: 2, estimated: 1 });
  });
  it('makes room for long names beside the bars, within bounds', () => {
    expect(rankingAxisWidth([{ name: 'Ba Đình' }])).toBe(120);
    expect(rankingAxisWidth([{ name: 'Tổ dân phố số 12 (00094-12)' }])).toBe(173);
    expect(rankingAxisWidth([{ name: 'x'.repeat(80) }])).toBe(180);
  });
  it('tells apart units that share a name by their code (the teams of a merged commune)', () => {
    const rows = [
      row('00001-01', 5, 1, { name: 'Tổ dân phố số 1' }),
      row('00097-01', 4, 2, { name: 'Tổ dân phố số 1' }),
      row('00097-02', 3, 3, { name: 'Tổ dân phố số 2' }),
    ];
    expect(rankingBars(placed(rows), new Set()).map((b) => b.name)).toEqual([
      'Tổ dân phố số 1 (00001-01)',
      'Tổ dân phố số 1 (00097-01)',
      'Tổ dân phố số 2',
    ]);
  });
});

describe('barDomain', () => {
  it('always holds zero, runs percentages to 100 % and a change below zero', () => {
    expect(barDomain([99.9, 99.5], true)).toEqual([0, 100]);
    expect(barDomain([3, 1, 2], false)).toEqual([0, 3]);
    expect(barDomain([-4, 7], false)).toEqual([-4, 7]);
    expect(barDomain([0, 0], false)).toEqual([0, 1]);
  });
});

describe('the bottom group follows the order on screen', () => {
  it('marks the last fifth of the chosen order, not of the raw figures', () => {
    // the biggest unit is last per 1,000 inhabitants
    const rows = ['a', 'b', 'c', 'd', 'e'].map((c, i) => row(c, 10, i + 1, { cumulative: 500 - i * 100, population: 1000 * (5 - i) ** 2 }));
    const perThousand = placeRows({ kind: 'count', higherIsBetter: true }, rows, 'perThousand');
    expect([...lagReasons(perThousand)]).toEqual([['a', 'bottom']]);
    expect([...lagReasons(rows)]).toEqual([['e', 'bottom']]);
  });
});
