import type { Figure, Kpi } from '@tiendo/shared';
import { describe, expect, it } from 'vitest';
import {
  changeModel,
  figureMark,
  groupCards,
  isMonthEmpty,
  primaryValue,
  sparklineModel,
  sparklineValues,
  statusCounts,
  targetValue,
} from './overview-data.ts';

const kpi = (code: string, group: string, order: number, kind: Kpi['kind'] = 'count'): Kpi => ({
  code,
  name: code,
  nameEn: code,
  kind,
  ratioMode: kind === 'ratio' ? 'level' : null,
  unit: '',
  unitEn: '',
  group,
  groupName: group,
  groupNameEn: group,
  order,
  reportLevels: [1],
  higherIsBetter: true,
  carriedForward: false,
  retired: false,
});

const fig = (k: string, extra: Partial<Figure> = {}): Figure => ({
  kpi: k,
  kind: 'count',
  value: 1,
  status: 'no_target',
  source: 'own',
  carried: false,
  contributors: 1,
  updatedAt: null,
  ...extra,
});

describe('groupCards', () => {
  it('groups in catalogue order and skips KPIs the unit has no figure for', () => {
    const kpis = [kpi('a2', 'A', 2), kpi('a1', 'A', 1), kpi('b1', 'B', 1), kpi('c1', 'C', 1)];
    const groups = groupCards(kpis, [fig('a1'), fig('a2'), fig('b1')]);
    expect(groups.map((g) => g.group)).toEqual(['A', 'B']);
    expect(groups[0]?.cards.map((c) => c.kpi.code)).toEqual(['a1', 'a2']);
  });
});

describe('card values', () => {
  it('leads counts with the running total, in the reader’s locale', () => {
    const f = fig('x', { value: 563922, cumulative: 3412564 });
    expect(primaryValue({ kind: 'count' }, f, 'vi')).toBe('3.412.564');
    expect(primaryValue({ kind: 'count' }, f, 'en')).toBe('3,412,564');
  });
  it('shows ratios as percentages and checklists as done/total', () => {
    expect(primaryValue({ kind: 'ratio' }, fig('r', { value: 99.4924 }), 'vi')).toBe('99,5\u00a0%');
    expect(primaryValue({ kind: 'checklist' }, fig('c', { value: 21, itemsTotal: 25 }), 'en')).toBe('21/25');
    expect(targetValue({ kind: 'checklist' }, fig('c', { target: 25, itemsTotal: 25 }), 'en')).toBe('25/25');
    expect(targetValue({ kind: 'count' }, fig('c'), 'en')).toBeNull();
  });
  it('describes change in points for ratios and flags no change', () => {
    expect(changeModel({ kind: 'ratio' }, fig('r', { change: 0.331 }), 'en')).toEqual({ kind: 'up', text: '+0.3', points: true });
    expect(changeModel({ kind: 'ratio' }, fig('r', { change: -0.00001 }), 'en')).toEqual({ kind: 'flat' });
    expect(changeModel({ kind: 'count' }, fig('c', { change: -76 }), 'vi')).toEqual({ kind: 'down', text: '−76', points: false });
    expect(changeModel({ kind: 'count' }, fig('c', { change: null }), 'vi')).toEqual({ kind: 'none' });
  });
});

describe('summaries', () => {
  it('counts statuses of figures that exist', () => {
    const c = statusCounts([
      fig('a', { status: 'achieved' }),
      fig('b', { status: 'at_risk' }),
      fig('c', { status: 'at_risk', value: null }),
    ]);
    expect(c.achieved).toBe(1);
    expect(c.at_risk).toBe(1);
  });
  it('leaves gaps out of a sparkline', () => {
    const pts = [
      { period: '2022-01', value: 1, cumulative: 1, carried: false, contributors: 1 },
      { period: '2022-02', value: null, cumulative: 1, carried: false, contributors: 0 },
      { period: '2022-03', value: 3, cumulative: 4, carried: false, contributors: 1 },
    ];
    expect(sparklineValues(pts)).toEqual([1, 3]);
  });
});

describe('isMonthEmpty', () => {
  it('calls a month empty when only running totals and carried levels are left', () => {
    expect(isMonthEmpty([fig('a', { value: null, cumulative: 10, source: 'none' }), fig('b', { value: 25, carried: true })])).toBe(true);
    expect(isMonthEmpty([fig('a', { value: 3 }), fig('b', { value: 25, carried: true })])).toBe(false);
  });
});

describe('history rebuilt from former units', () => {
  const pt = (period: string, value: number | null, extra: { rebuilt?: boolean; estimated?: boolean } = {}) => ({
    period,
    value,
    cumulative: null,
    carried: false,
    contributors: 1,
    ...extra,
  });
  it('dashes the sparkline up to the first month the unit reported itself', () => {
    const m = sparklineModel([
      pt('2025-05', 185, { rebuilt: true, estimated: false }),
      pt('2025-06', null, { rebuilt: true }),
      pt('2025-06', 190, { rebuilt: true, estimated: false }),
      pt('2025-07', 201),
      pt('2025-08', 204),
    ]);
    expect(m).toEqual({ values: [185, 190, 201, 204], rebuilt: 2, estimated: false });
  });
  it('says when a rebuilt value is an estimate, and marks nothing for a unit that always existed', () => {
    expect(sparklineModel([pt('2025-06', 5, { rebuilt: true, estimated: true }), pt('2025-07', 6)])).toMatchObject({
      rebuilt: 1,
      estimated: true,
    });
    expect(sparklineModel([pt('2025-06', 5), pt('2025-07', 6)])).toEqual({ values: [5, 6], rebuilt: 0, estimated: false });
  });
  it('marks a card’s figure rebuilt, estimated (which is rebuilt too) or not at all', () => {
    expect(figureMark({ rebuilt: true, estimated: false })).toBe('rebuilt');
    expect(figureMark({ rebuilt: true, estimated: true })).toBe('estimated');
    expect(figureMark({})).toBeNull();
  });
});
