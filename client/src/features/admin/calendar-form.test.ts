import type { CalendarEntry } from '@tiendo/shared';
import { describe, expect, it } from 'vitest';
import { type CalendarDraft, calendarBody, calendarProblems, draftFor, periodChoices, settingsAt } from './calendar-form.ts';

const entry = (id: number, from: string | null, values: Partial<CalendarEntry> = {}): CalendarEntry => ({
  id,
  from,
  to: null,
  cutoffDay: 14,
  deadlineDays: 3,
  graceDays: 7,
  oneOff: false,
  correction: false,
  reason: null,
  createdBy: 'thuky',
  createdAt: '2026-11-27T03:00:00.000Z',
  replacedBy: null,
  ...values,
});

const draft = (d: Partial<CalendarDraft> = {}): CalendarDraft => ({
  mode: 'from',
  period: '2026-12',
  cutoffDay: '14',
  deadlineDays: '3',
  graceDays: '7',
  reason: '',
  ...d,
});

describe('calendar form', () => {
  it('accepts 1–28 and refuses anything else in words', () => {
    expect(calendarProblems(draft())).toEqual({});
    expect(calendarProblems(draft({ cutoffDay: '29', deadlineDays: '-1', graceDays: 'x' }))).toEqual({
      cutoffDay: 'admin.calendar.cutoffRule',
      deadlineDays: 'admin.calendar.daysRule',
      graceDays: 'admin.calendar.daysRule',
    });
    expect(calendarProblems(draft({ cutoffDay: '0' })).cutoffDay).toBe('admin.calendar.cutoffRule');
  });

  it('asks a reason of a one-off and of a correction; a change from a period on may give one', () => {
    expect(calendarProblems(draft({ mode: 'oneOff' })).reason).toBe('admin.calendar.reasonRule');
    expect(calendarProblems(draft({ mode: 'correction', period: '2024-03', reason: 'Tết' })).reason).toBe('admin.calendar.reasonRule');
    expect(calendarProblems(draft({ mode: 'oneOff', reason: 'Nghỉ Tết' }))).toEqual({});
    expect(calendarProblems(draft({ reason: 'ab' })).reason).toBe('admin.calendar.reasonRule');
    expect(calendarProblems(draft({ reason: '  ' }))).toEqual({});
  });

  it('keeps the cut-off of a one-off as it holds for that period', () => {
    const history = [entry(1, '2027-01', { cutoffDay: 20 })];
    expect(calendarProblems(draft({ mode: 'oneOff', reason: 'Nghỉ Tết', cutoffDay: '15' }), history).cutoffDay).toBe(
      'admin.calendar.oneOffCutoff',
    );
    expect(calendarProblems(draft({ mode: 'oneOff', period: '2027-02', reason: 'Nghỉ Tết', cutoffDay: '20' }), history)).toEqual({});
  });

  it('offers the open period and the next twelve for a change, and the past (latest first) for a correction', () => {
    const ahead = periodChoices('from', '2026-12', '2022-01');
    expect(ahead[0]).toBe('2026-12');
    expect(ahead.at(-1)).toBe('2027-12');
    expect(periodChoices('oneOff', '2026-12', '2022-01')).toEqual(ahead);
    const past = periodChoices('correction', '2026-12', '2022-01');
    expect(past[0]).toBe('2026-11');
    expect(past.at(-1)).toBe('2022-01');
    expect(past).toHaveLength(59);
  });

  it('fills a draft with the values in force at the period chosen, one-offs and corrections included', () => {
    const history = [
      entry(4, '2024-03', { correction: true, deadlineDays: 10 }),
      entry(3, '2026-12', { oneOff: true, deadlineDays: 12 }),
      entry(2, '2026-12', { deadlineDays: 5 }),
    ];
    expect(settingsAt([], '2026-12')).toEqual({ cutoffDay: 14, deadlineDays: 3, graceDays: 7 });
    expect(settingsAt(history, '2024-03').deadlineDays).toBe(10);
    expect(settingsAt(history, '2024-04').deadlineDays).toBe(3);
    expect(draftFor('from', '2026-12', history)).toMatchObject({ deadlineDays: '12', mode: 'from', reason: '' });
    expect(draftFor('from', '2027-01', history)).toMatchObject({ deadlineDays: '5' });
  });

  it('sends each kind of change as the API takes it', () => {
    expect(calendarBody(draft({ deadlineDays: '5' }))).toEqual({ cutoffDay: 14, deadlineDays: 5, graceDays: 7, from: '2026-12' });
    expect(calendarBody(draft({ mode: 'oneOff', deadlineDays: '10', reason: ' Nghỉ Tết ' }))).toEqual({
      cutoffDay: 14,
      deadlineDays: 10,
      graceDays: 7,
      oneOff: true,
      period: '2026-12',
      reason: 'Nghỉ Tết',
    });
    expect(calendarBody(draft({ mode: 'correction', period: '2024-03', reason: 'Đính chính hạn nộp' }))).toEqual({
      cutoffDay: 14,
      deadlineDays: 3,
      graceDays: 7,
      correction: true,
      from: '2024-03',
      reason: 'Đính chính hạn nộp',
    });
  });
});
