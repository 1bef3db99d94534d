import type { PeriodInfo } from '@tiendo/shared';
import { describe, expect, it } from 'vitest';
import { defaultPeriod, viewablePeriods } from './queries.ts';

const p = (period: string, state: PeriodInfo['state'], cutoffPassed: boolean): PeriodInfo => ({
  period,
  from: '',
  to: '',
  deadline: '',
  lockAfter: '',
  state,
  cutoffPassed,
});

describe('periods', () => {
  const list = [p('2026-10', 'closed', true), p('2026-11', 'open', true), p('2026-12', 'open', false), p('2027-01', 'upcoming', false)];
  it('opens on the latest period whose cut-off has passed', () => {
    expect(defaultPeriod(list)).toBe('2026-11');
  });
  it('hides months that have not started', () => {
    expect(viewablePeriods(list).map((x) => x.period)).toEqual(['2026-10', '2026-11', '2026-12']);
  });
});
