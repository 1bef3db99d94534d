import { describe, expect, it } from 'vitest';
import {
  addMonths,
  DEFAULT_REPORTING_SETTINGS,
  isPeriod,
  latestClosedPeriod,
  periodOfDate,
  periodRange,
  periodState,
  periodWindow,
} from './period.ts';

const s = DEFAULT_REPORTING_SETTINGS;

describe('periods', () => {
  it('accepts only YYYY-MM with a real month', () => {
    expect(isPeriod('2022-09')).toBe(true);
    for (const bad of ['2022-13', '2022-00', '2022-9', '22-09', '2022-09-01', '', '1899-01', 'abcd-ef']) expect(isPeriod(bad)).toBe(false);
  });

  it('steps across years', () => {
    expect(addMonths('2022-12', 1)).toBe('2023-01');
    expect(addMonths('2023-01', -1)).toBe('2022-12');
    expect(addMonths('2022-09', -21)).toBe('2020-12');
    expect(periodRange('2022-11', '2023-02')).toEqual(['2022-11', '2022-12', '2023-01', '2023-02']);
    expect(periodRange('2023-02', '2022-11')).toEqual([]);
  });

  it('closes a month on the 14th: 2022-09 covers 15 Aug to 14 Sep', () => {
    const w = periodWindow('2022-09', s);
    expect(w.from).toBe('2022-08-15');
    expect(w.to).toBe('2022-09-14');
    expect(w.deadline).toBe('2022-09-17');
    expect(w.lockAfter).toBe('2022-09-24');
    expect(periodWindow('2023-01', s).from).toBe('2022-12-15');
  });

  it('uses calendar months when the cut-off is 28', () => {
    const w = periodWindow('2024-02', { cutoffDay: 28, deadlineDays: 5, graceDays: 0 });
    expect(w.from).toBe('2024-02-01');
    expect(w.to).toBe('2024-02-29');
    expect(w.deadline).toBe('2024-03-05');
  });

  it('finds the period of a date and the latest closed one', () => {
    expect(periodOfDate('2026-11-14', s)).toBe('2026-11');
    expect(periodOfDate('2026-11-15', s)).toBe('2026-12');
    expect(periodOfDate('2026-12-20', s)).toBe('2027-01');
    expect(latestClosedPeriod('2026-11-27', s)).toBe('2026-11');
  });

  it('is upcoming, then open until the lock, then closed', () => {
    const w = periodWindow('2026-12', s);
    expect(periodState(w, '2026-11-14')).toBe('upcoming');
    expect(periodState(w, '2026-11-27')).toBe('open');
    expect(periodState(w, '2026-12-20')).toBe('open');
    expect(periodState(w, '2026-12-25')).toBe('closed');
  });
});
