import type { SeriesPoint } from '@tiendo/shared';
import { describe, expect, it } from 'vitest';
import { buildTrend } from './trend-data.ts';

const pt = (period: string, value: number | null, cumulative: number | null = null): SeriesPoint => ({
  period,
  value,
  cumulative,
  carried: false,
  contributors: 1,
});

describe('buildTrend', () => {
  it('carries the running total for counts only', () => {
    const m = buildTrend({
      kpi: { kind: 'count' },
      points: [pt('2022-01', 5, 5), pt('2022-02', 7, 12)],
      target: null,
      deadline: null,
      projection: null,
    });
    expect(m.showRunning).toBe(true);
    expect(m.rows.map((r) => r.running)).toEqual([5, 12]);
    expect(m.hasProjection).toBe(false);
  });

  it('draws the projection from the last figure to the deadline, straight', () => {
    const m = buildTrend({
      kpi: { kind: 'ratio' },
      points: [pt('2022-08', 56), pt('2022-09', 58)],
      target: 70,
      deadline: '2022-12',
      projection: 64,
    });
    expect(m.hasProjection).toBe(true);
    expect(m.rows.map((r) => r.period)).toEqual(['2022-08', '2022-09', '2022-10', '2022-11', '2022-12']);
    expect(m.rows.map((r) => r.projection)).toEqual([null, 58, 60, 62, 64]);
    expect(m.rows.at(-1)?.value).toBeNull();
  });

  it('does not project once the deadline has passed', () => {
    const m = buildTrend({ kpi: { kind: 'ratio' }, points: [pt('2023-01', 80)], target: 70, deadline: '2022-12', projection: 80 });
    expect(m.hasProjection).toBe(false);
    expect(m.rows).toHaveLength(1);
  });
});
