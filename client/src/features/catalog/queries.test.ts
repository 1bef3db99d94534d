import type { PeriodInfo } from '@tiendo/shared';
import { describe, expect, it } from 'vitest';
import { currentPeriod, defaultPeriod, viewablePeriods } from './queries.ts';

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
  it('takes the month that is running as the current period (today’s map)', () => {
    expect(currentPeriod(list)).toBe('2026-12');
  });
});

describe('periods of an account whose unit has ended', () => {
  const list = [p('2025-05', 'closed', true), p('2025-06', 'closed', true), p('2025-07', 'closed', true), p('2025-08', 'open', false)];
  it('opens on the unit’s last period when that comes before the default', () => {
    expect(defaultPeriod(list, '2025-06')).toBe('2025-06');
    expect(defaultPeriod(list, null)).toBe('2025-07');
    expect(defaultPeriod(list, '2030-01')).toBe('2025-07');
  });
  it('offers the periods up to the end and none after it', () => {
    expect(viewablePeriods(list, '2025-06').map((x) => x.period)).toEqual(['2025-05', '2025-06']);
  });
});
