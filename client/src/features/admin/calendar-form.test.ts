import { describe, expect, it } from 'vitest';
import { calendarProblems } from './calendar-form.ts';

describe('calendar form', () => {
  it('accepts 1–28 and refuses anything else in words', () => {
    expect(calendarProblems({ cutoffDay: '14', deadlineDays: '3', graceDays: '7' })).toEqual({});
    expect(calendarProblems({ cutoffDay: '29', deadlineDays: '-1', graceDays: 'x' })).toEqual({
      cutoffDay: 'admin.calendar.cutoffRule',
      deadlineDays: 'admin.calendar.daysRule',
      graceDays: 'admin.calendar.daysRule',
    });
    expect(calendarProblems({ cutoffDay: '0', deadlineDays: '3', graceDays: '7' }).cutoffDay).toBe('admin.calendar.cutoffRule');
  });
});
