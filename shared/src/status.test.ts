import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addMonths } from './period.ts';
import { assessStatus, projectTo, trendSlope } from './status.ts';

const pts = (values: number[], start = 2022 * 12) =>
  values.map((value, i) => {
    const idx = start + i;
    return { period: `${Math.floor(idx / 12)}-${String((idx % 12) + 1).padStart(2, '0')}`, value };
  });

describe('status projection', () => {
  it('fits a linear trend and projects it to the deadline: 58 % in Sep at 2 points a month is 64 % in Dec', () => {
    const history = pts([48, 50, 52, 54, 56, 58], 2022 * 12 + 3);
    expect(trendSlope(history)).toBeCloseTo(2, 10);
    expect(projectTo(history, '2022-12')).toBeCloseTo(64, 10);
    const r = assessStatus({ history, period: '2022-09', target: 70, deadline: '2022-12', higherIsBetter: true });
    expect(r.status).toBe('at_risk');
    expect(r.attainment).toBeCloseTo((58 / 70) * 100, 10);
    expect(r.projection).toBeCloseTo(64, 10);
  });

  it('is on track when the trend reaches the target in time, off track when far from it', () => {
    const fast = pts([40, 45, 50, 55, 60, 65], 2022 * 12 + 3);
    expect(assessStatus({ history: fast, period: '2022-09', target: 70, deadline: '2022-12', higherIsBetter: true }).status).toBe(
      'on_track',
    );
    const slow = pts([50, 50.5, 51, 51.5, 52, 52.5], 2022 * 12 + 3);
    expect(assessStatus({ history: slow, period: '2022-09', target: 70, deadline: '2022-12', higherIsBetter: true }).status).toBe(
      'off_track',
    );
  });

  it('is achieved once the target is met, and off track after a missed deadline', () => {
    expect(
      assessStatus({ history: pts([900, 928]), period: '2022-02', target: 928, deadline: '2022-11', higherIsBetter: true }).status,
    ).toBe('achieved');
    const late = pts([60, 61], 2023 * 12);
    expect(assessStatus({ history: late, period: '2023-02', target: 70, deadline: '2022-12', higherIsBetter: true }).status).toBe(
      'off_track',
    );
  });

  it('handles lower-is-better targets and missing targets', () => {
    expect(
      assessStatus({ history: pts([10, 8, 6]), period: '2022-03', target: 5, deadline: '2022-05', higherIsBetter: false }).status,
    ).toBe('on_track');
    expect(assessStatus({ history: pts([1]), period: '2022-01', target: null, deadline: null, higherIsBetter: true }).status).toBe(
      'no_target',
    );
  });
});

describe('status for any history', () => {
  const history = fc
    .tuple(
      fc.integer({ min: 2022 * 12, max: 2030 * 12 }),
      fc.array(fc.double({ min: 0, max: 1e6, noNaN: true }), { minLength: 1, maxLength: 8 }),
    )
    .map(([start, values]) => pts(values, start));
  const input = fc.record({
    history,
    target: fc.double({ min: 0, max: 1e6, noNaN: true }),
    ahead: fc.integer({ min: -6, max: 24 }),
    higherIsBetter: fc.boolean(),
    ceiling: fc.option(fc.double({ min: 0, max: 1e6, noNaN: true })),
  });

  it('is achieved exactly when the latest measure meets the target, and is never behind then', () => {
    fc.assert(
      fc.property(input, ({ history, target, ahead, higherIsBetter, ceiling }) => {
        const last = history.at(-1) as { period: string; value: number };
        const r = assessStatus({ history, period: last.period, target, deadline: addMonths(last.period, ahead), higherIsBetter, ceiling });
        const met = higherIsBetter ? last.value >= target : last.value <= target;
        expect(r.status === 'achieved').toBe(met);
        expect(r.status).not.toBe('no_target');
        expect(r.attainment).not.toBeNull();
      }),
    );
  });

  it('never projects past the ceiling, and is off track once the deadline has passed unmet', () => {
    fc.assert(
      fc.property(input, ({ history, target, ahead, higherIsBetter, ceiling }) => {
        const last = history.at(-1) as { period: string; value: number };
        const deadline = addMonths(last.period, ahead);
        const r = assessStatus({ history, period: last.period, target, deadline, higherIsBetter, ceiling });
        if (ceiling !== null && r.status !== 'achieved' && r.projection !== null) expect(r.projection).toBeLessThanOrEqual(ceiling);
        if (ahead < 0 && r.status !== 'achieved') expect(r.status).toBe('off_track');
      }),
    );
  });
});
