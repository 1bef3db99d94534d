import type { Figure, FiguresReply } from '@tiendo/shared';
import { describe, expect, it } from 'vitest';
import { changedFigures, numberSuffix, sha256 } from './meeting-report-fns.ts';

const figure = (kpi: string, over: Partial<Figure> = {}): Figure => ({
  kpi,
  kind: 'count',
  value: 10,
  cumulative: 100,
  status: 'no_target',
  source: 'aggregate',
  carried: false,
  contributors: 3,
  updatedAt: '2026-11-20T00:00:00.000Z',
  ...over,
});
const reply = (figures: Figure[]): FiguresReply => ({
  unit: { code: '01', name: 'Hà Nội', level: 1, type: 'thành phố' },
  period: '2026-11',
  asOf: null,
  figures,
});

describe('meeting report rules', () => {
  it('numbers a committee’s report …/BC-BCĐ06 and a team’s …/BC', () => {
    expect([1, 2, 3, 4].map(numberSuffix)).toEqual(['BC-BCĐ06', 'BC-BCĐ06', 'BC-BCĐ06', 'BC']);
  });

  it('hashes bytes as hex SHA-256', () => {
    expect(sha256(Buffer.from('abc'))).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
  });

  it('lists the KPIs whose value, running total, target or status moved, and only those', () => {
    const before = reply([figure('a'), figure('b'), figure('c', { target: 70, status: 'achieved' }), figure('gone')]);
    const after = reply([
      figure('a', { updatedAt: '2026-12-01T00:00:00.000Z', contributors: 4 }),
      figure('b', { value: 11, cumulative: 101 }),
      figure('c', { target: 80, status: 'off_track' }),
      figure('new'),
    ]);
    const changed = changedFigures(before, after);
    expect(changed.map((c) => [c.kpi, c.fields])).toEqual([
      ['b', ['value', 'cumulative']],
      ['c', ['target', 'status']],
      ['gone', ['value', 'cumulative', 'status']],
      ['new', ['value', 'cumulative', 'status']],
    ]);
    expect(changed[0]).toMatchObject({ presented: { value: 10 }, current: { value: 11 } });
    expect(changed[2]?.current).toBeNull();
    expect(changedFigures(before, before)).toEqual([]);
  });
});
