import type { BreakdownRow } from '@tiendo/shared';
import { describe, expect, it } from 'vitest';
import { buildSlides, laggingSummary, slideAfterKey } from './meeting-data.ts';

describe('meeting deck', () => {
  it('has an overview, a slide per group, then laggards and completeness when there are units below', () => {
    expect(buildSlides(['a', 'b'], true).map((s) => s.kind)).toEqual(['overview', 'group', 'group', 'lagging', 'completeness']);
    expect(buildSlides(['a'], false).map((s) => s.kind)).toEqual(['overview', 'group']);
  });
  it('moves with arrows and clicker keys, stops at the ends, leaves on Esc', () => {
    expect(slideAfterKey('PageDown', 0, 3)).toBe(1);
    expect(slideAfterKey('ArrowRight', 2, 3)).toBe(2);
    expect(slideAfterKey('PageUp', 0, 3)).toBe(0);
    expect(slideAfterKey('Escape', 1, 3)).toBe('exit');
    expect(slideAfterKey('x', 1, 3)).toBeNull();
  });
});

const row = (code: string, status: BreakdownRow['status'], reportState: BreakdownRow['reportState'] = 'on_time'): BreakdownRow => ({
  code,
  name: code.toUpperCase(),
  level: 2,
  type: 'quận',
  value: 1,
  target: 1,
  attainment: 100,
  status,
  rank: 1,
  carried: false,
  reportState,
});

describe('laggingSummary', () => {
  it('says which lagging units did not exist yet: rebuilt from former units, estimated if any figure is', () => {
    const rebuilt = (code: string, estimated: boolean) => ({ ...row(code, 'off_track'), rebuilt: true, estimated });
    const s = laggingSummary(
      [
        { kpi: 'k1', rows: [rebuilt('a', false), rebuilt('b', false), row('c', 'off_track')] },
        { kpi: 'k2', rows: [rebuilt('a', true), rebuilt('b', false), row('c', 'off_track')] },
      ],
      'vi',
    );
    expect(s.map((u) => [u.code, u.mark])).toEqual([
      ['a', 'estimated'],
      ['b', 'rebuilt'],
      ['c', null],
    ]);
  });
  it('lists units lagging on most KPIs first, with the KPIs named', () => {
    const s = laggingSummary(
      [
        { kpi: 'k1', rows: [row('a', 'off_track'), row('b', 'at_risk'), row('c', 'achieved')] },
        { kpi: 'k2', rows: [row('a', 'at_risk'), row('b', 'on_track'), row('c', 'achieved', 'missing')] },
      ],
      'vi',
    );
    expect(s).toEqual([
      { code: 'a', name: 'A', kpis: ['k1', 'k2'], missing: false, mark: null },
      { code: 'b', name: 'B', kpis: ['k1'], missing: false, mark: null },
      { code: 'c', name: 'C', kpis: ['k2'], missing: true, mark: null },
    ]);
  });
});

describe('laggingSummary and KPIs without a target', () => {
  it('leaves out the bottom group of a ranking without targets', () => {
    const rows = Array.from({ length: 10 }, (_, i) => ({ ...row(String(i), 'no_target'), rank: i + 1 }));
    expect(laggingSummary([{ kpi: 'count', rows }], 'vi')).toEqual([]);
  });
});
