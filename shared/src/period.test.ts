import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  addDays,
  addMonths,
  type CalendarRow,
  calendarLookup,
  calendarSpans,
  constantLookup,
  DEFAULT_REPORTING_SETTINGS,
  isPeriod,
  latestClosedPeriod,
  latestClosedPeriodAt,
  monthsBetween,
  openPeriodAt,
  periodFromIndex,
  periodIndex,
  periodOfDate,
  periodRange,
  periodState,
  periodWindow,
  periodWindowAt,
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

const row = (id: number, validFrom: string | null, values: Partial<CalendarRow> = {}): CalendarRow => ({
  id,
  validFrom,
  cutoffDay: 14,
  deadlineDays: 3,
  graceDays: 7,
  oneOff: false,
  correction: false,
  ...values,
});

describe('the reporting calendar, period by period', () => {
  it('takes the latest regular row that has started, a one-off or correction for its period only, else the defaults', () => {
    expect(calendarLookup([])('2026-12')).toEqual(DEFAULT_REPORTING_SETTINGS);
    const at = calendarLookup([
      row(1, null),
      row(2, '2026-12', { deadlineDays: 5 }),
      row(3, '2027-01', { oneOff: true, deadlineDays: 12 }),
      row(4, '2024-03', { correction: true, graceDays: 9 }),
      row(5, '2027-06', { cutoffDay: 20 }),
      // Changed twice from the same period: the later decision holds.
      row(6, '2027-06', { cutoffDay: 21 }),
    ]);
    expect(at('2022-01')).toEqual({ cutoffDay: 14, deadlineDays: 3, graceDays: 7 });
    expect(at('2026-11')).toMatchObject({ deadlineDays: 3 });
    expect(at('2024-03')).toEqual({ cutoffDay: 14, deadlineDays: 3, graceDays: 9 });
    expect(at('2024-04')).toMatchObject({ graceDays: 7 });
    expect(at('2026-12')).toMatchObject({ deadlineDays: 5 });
    expect(at('2027-01')).toMatchObject({ deadlineDays: 12 });
    expect(at('2027-02')).toMatchObject({ deadlineDays: 5 });
    expect(at('2027-06')).toMatchObject({ cutoffDay: 21, deadlineDays: 3 });
    // Rows that hold from a period on and none since always: before the first, the defaults.
    expect(calendarLookup([row(1, '2025-01', { deadlineDays: 9 })])('2024-12')).toEqual(DEFAULT_REPORTING_SETTINGS);
  });

  it('a one-off keeps its period even when a later regular change covers it', () => {
    const at = calendarLookup([row(1, '2027-01', { oneOff: true, deadlineDays: 10 }), row(2, '2026-12', { deadlineDays: 5 })]);
    expect(at('2027-01').deadlineDays).toBe(10);
    expect(at('2027-02').deadlineDays).toBe(5);
  });

  it('windows tile the calendar across a change of cut-off: each period starts the day after the previous one closed', () => {
    const at = calendarLookup([row(1, null), row(2, '2027-03', { cutoffDay: 20 }), row(3, '2027-06', { cutoffDay: 28 })]);
    expect(periodWindowAt('2027-02', at)).toEqual(periodWindow('2027-02', DEFAULT_REPORTING_SETTINGS));
    expect(periodWindowAt('2027-03', at)).toMatchObject({ from: '2027-02-15', to: '2027-03-20', deadline: '2027-03-23' });
    expect(periodWindowAt('2027-04', at)).toMatchObject({ from: '2027-03-21', to: '2027-04-20' });
    // Onto calendar months: June starts after 20 May and ends on 30 June.
    expect(periodWindowAt('2027-06', at)).toMatchObject({ from: '2027-05-21', to: '2027-06-30' });
    expect(periodWindowAt('2027-07', at)).toMatchObject({ from: '2027-07-01', to: '2027-07-31' });
    for (const p of periodRange('2027-01', '2027-09')) {
      expect(periodWindowAt(p, at).from).toBe(addDays(periodWindowAt(addMonths(p, -1), at).to, 1));
    }
    // One calendar for all time: the same windows as before.
    for (const p of ['2022-01', '2024-03', '2026-12']) expect(periodWindowAt(p, constantLookup(s))).toEqual(periodWindow(p, s));
  });

  it('the open period is decided by its own cut-off', () => {
    const constant = constantLookup(s);
    for (const d of ['2026-11-14', '2026-11-15', '2026-12-20', '2026-12-31', '2027-01-01', '2024-02-29']) {
      expect(openPeriodAt(d, constant)).toBe(periodOfDate(d, s));
    }
    expect(latestClosedPeriodAt('2026-11-27', constant)).toBe(latestClosedPeriod('2026-11-27', s));
    // From 2027-03 the cut-off is the 20th: 16–20 March still belong to 2027-03.
    const at = calendarLookup([row(1, '2027-03', { cutoffDay: 20 })]);
    expect(openPeriodAt('2027-02-15', at)).toBe('2027-03');
    expect(openPeriodAt('2027-03-16', at)).toBe('2027-03');
    expect(openPeriodAt('2027-03-20', at)).toBe('2027-03');
    expect(openPeriodAt('2027-03-21', at)).toBe('2027-04');
    // A one-off cut-off for one period moves only when that period closes.
    const once = calendarLookup([row(1, '2027-01', { oneOff: true, cutoffDay: 25 })]);
    expect(openPeriodAt('2027-01-20', once)).toBe('2027-01');
    expect(openPeriodAt('2027-01-26', once)).toBe('2027-02');
    expect(openPeriodAt('2027-02-15', once)).toBe('2027-03');
    // Calendar months: the month itself.
    expect(openPeriodAt('2027-03-31', constantLookup({ cutoffDay: 28, deadlineDays: 5, graceDays: 0 }))).toBe('2027-03');
  });

  it('the history says up to which period each row held, and which later row replaced it', () => {
    const spans = calendarSpans([
      row(1, null),
      row(2, '2026-12', { deadlineDays: 5 }),
      row(3, '2026-12', { oneOff: true, deadlineDays: 10 }),
      row(4, '2027-06', { cutoffDay: 20 }),
      row(5, '2027-06', { cutoffDay: 21 }),
      row(6, '2024-03', { correction: true }),
      row(7, '2026-12', { oneOff: true, deadlineDays: 12 }),
    ]);
    expect(spans.map((x) => [x.row.id, x.to, x.replacedBy])).toEqual([
      [1, '2026-11', null],
      [2, '2027-05', null],
      [3, '2026-12', 7],
      [4, null, 5],
      [5, null, null],
      [6, '2024-03', null],
      [7, '2026-12', null],
    ]);
  });
});

describe('period arithmetic, the one copy the server and the SPA both use', () => {
  const period = fc.integer({ min: 2000 * 12, max: 2100 * 12 + 11 }).map(periodFromIndex);

  it('steps months as whole numbers and back, across years', () => {
    fc.assert(
      fc.property(period, fc.integer({ min: -240, max: 240 }), (p, n) => {
        expect(isPeriod(p)).toBe(true);
        expect(periodFromIndex(periodIndex(p))).toBe(p);
        expect(addMonths(addMonths(p, n), -n)).toBe(p);
        expect(monthsBetween(p, addMonths(p, n))).toBe(n);
      }),
    );
    expect(addMonths('2025-12', 1)).toBe('2026-01');
  });

  it('lists every month of a range once, in order, and nothing for a range that runs backwards', () => {
    fc.assert(
      fc.property(period, fc.integer({ min: -3, max: 36 }), (from, n) => {
        const range = periodRange(from, addMonths(from, n));
        expect(range).toEqual(Array.from({ length: Math.max(0, n + 1) }, (_, i) => addMonths(from, i)));
      }),
    );
  });

  it('reads a period from a URL only when it is one', () => {
    expect(isPeriod(null)).toBe(false);
    expect(isPeriod(undefined)).toBe(false);
    expect(isPeriod('')).toBe(false);
    expect(isPeriod('2026-13')).toBe(false);
    expect(isPeriod('2026-1')).toBe(false);
    expect(isPeriod('2026-11')).toBe(true);
  });
});
