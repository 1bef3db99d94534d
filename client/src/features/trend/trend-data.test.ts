import type { SeriesPoint } from '@tiendo/shared';
import { describe, expect, it } from 'vitest';
import { buildTrend } from './trend-data.ts';

const pt = (period: string, value: number | null, cumulative: number | null = null, extra: Partial<SeriesPoint> = {}): SeriesPoint => ({
  period,
  value,
  cumulative,
  carried: false,
  contributors: 1,
  ...extra,
});
const rebuilt = { rebuilt: true, estimated: false };
const estimated = { rebuilt: true, estimated: true };

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

describe('history rebuilt from former units', () => {
  it('draws the months before the unit existed apart, and joins the lines at its first own month', () => {
    const m = buildTrend({
      kpi: { kind: 'ratio' },
      points: [pt('2025-05', 90, null, rebuilt), pt('2025-06', 91, null, estimated), pt('2025-07', 93), pt('2025-08', 94)],
      target: null,
      deadline: null,
      projection: null,
    });
    expect(m.rows.map((r) => r.mark)).toEqual(['rebuilt', 'estimated', null, null]);
    expect(m.rows.map((r) => r.valueRebuilt)).toEqual([90, 91, 93, null]);
    expect(m.rows.map((r) => r.valueReported)).toEqual([null, null, 93, 94]);
    expect(m.rows.map((r) => r.value)).toEqual([90, 91, 93, 94]);
    expect(m).toMatchObject({ hasRebuilt: true, hasEstimated: true, formed: '2025-07' });
  });

  it('keeps rebuilt bars and reported bars apart (a bar is never drawn twice); the running total joins', () => {
    const m = buildTrend({
      kpi: { kind: 'count' },
      points: [pt('2025-06', 186, 94712, rebuilt), pt('2025-07', 200, 94912)],
      target: null,
      deadline: null,
      projection: null,
    });
    expect(m.rows.map((r) => [r.valueRebuilt, r.valueReported])).toEqual([
      [186, null],
      [null, 200],
    ]);
    expect(m.rows.map((r) => [r.runningRebuilt, r.runningReported])).toEqual([
      [94712, null],
      [94912, 94912],
    ]);
    expect(m.hasEstimated).toBe(false);
  });

  it('marks nothing for a unit that existed all along, nor a birth for a chart that is all rebuilt', () => {
    const always = buildTrend({
      kpi: { kind: 'ratio' },
      points: [pt('2025-06', 1), pt('2025-07', 2)],
      target: null,
      deadline: null,
      projection: null,
    });
    expect(always).toMatchObject({ hasRebuilt: false, hasReported: true, formed: null });
    expect(always.rows.map((r) => r.valueRebuilt)).toEqual([null, null]);
    const allRebuilt = buildTrend({
      kpi: { kind: 'ratio' },
      points: [pt('2025-05', 1, null, rebuilt), pt('2025-06', 2, null, rebuilt)],
      target: null,
      deadline: null,
      projection: null,
    });
    expect(allRebuilt).toMatchObject({ hasRebuilt: true, hasReported: false, formed: null });
  });
});
