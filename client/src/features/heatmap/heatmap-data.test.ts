import type { BreakdownReply, BreakdownRow, Kpi } from '@tiendo/shared';
import { describe, expect, it } from 'vitest';
import { buildHeatmap, defaultHeatSort, heatmapCandidates, nextHeatSort, sortHeatRows } from './heatmap-data.ts';

const kpi = (code: string, reportLevels: number[]): Kpi => ({
  code,
  name: code,
  nameEn: code,
  kind: 'ratio',
  ratioMode: 'level',
  unit: '%',
  unitEn: '%',
  group: 'g',
  groupName: 'g',
  groupNameEn: 'g',
  order: 1,
  reportLevels,
  higherIsBetter: true,
  carriedForward: true,
  retired: false,
});
const row = (code: string, attainment: number | null, target: number | null, status: BreakdownRow['status']): BreakdownRow => ({
  code,
  name: code,
  level: 3,
  type: 'xã',
  value: attainment,
  target,
  attainment,
  status,
  rank: null,
  carried: false,
  reportState: 'on_time',
});
const reply = (k: string, rows: BreakdownRow[]): BreakdownReply => ({
  unit: { code: '01', name: 'Hà Nội', level: 1, type: 'thành phố' },
  kpi: k,
  period: '2026-11',
  rows,
});

describe('the heat map of attainment', () => {
  const units = [
    { code: 'a', name: 'Xã A' },
    { code: 'b', name: 'Xã B' },
  ];
  it('offers the KPIs the units below can have a figure for', () => {
    expect(heatmapCandidates([kpi('city', [1]), kpi('team', [4]), kpi('commune', [1, 2, 3])], 3).map((k) => k.code)).toEqual([
      'team',
      'commune',
    ]);
  });

  it('has a column for each KPI with a target below, a row per unit in the map’s order', () => {
    const model = buildHeatmap(
      units,
      [kpi('lam', [4]), kpi('count', [4]), kpi('chi', [3])],
      [
        reply('lam', [row('b', 99.5, 100, 'at_risk'), row('a', 100, 100, 'achieved')]),
        reply('count', [row('a', null, null, 'no_target'), row('b', null, null, 'no_target')]),
        reply('chi', [row('a', 97, 100, 'off_track')]),
      ],
    );
    expect(model.columns.map((k) => k.code)).toEqual(['lam', 'chi']);
    expect(model.rows.map((r) => [r.code, r.cells.lam?.attainment, r.cells.chi?.attainment])).toEqual([
      ['a', 100, 97],
      ['b', 99.5, null],
    ]);
    expect(defaultHeatSort(model)).toEqual({ column: 'lam', dir: 'asc' });
    expect(sortHeatRows(model.rows, { column: 'lam', dir: 'asc' }, 'vi').map((r) => r.code)).toEqual(['b', 'a']);
    // a unit without a figure goes last whichever way
    expect(sortHeatRows(model.rows, { column: 'chi', dir: 'asc' }, 'vi').map((r) => r.code)).toEqual(['a', 'b']);
    expect(sortHeatRows(model.rows, { column: 'name', dir: 'desc' }, 'vi').map((r) => r.code)).toEqual(['b', 'a']);
    expect(nextHeatSort({ column: 'lam', dir: 'asc' }, 'lam')).toEqual({ column: 'lam', dir: 'desc' });
    expect(nextHeatSort({ column: 'lam', dir: 'desc' }, 'chi')).toEqual({ column: 'chi', dir: 'asc' });
  });
});
