import type { ReportReply, Task } from '@tiendo/shared';
import { describe, expect, it } from 'vitest';
import { daysUntil, hanoiToday, returnedReports, tasksDue } from './todo.ts';

const task = (id: number, deadline: string, status: Task['status'], overdue = false) => ({ id, deadline, status, overdue }) as Task;
const report = (period: string, state: ReportReply['state']) => ({ period, state }) as ReportReply;

describe('what needs the user now', () => {
  it('counts days to a deadline, negative once past', () => {
    expect(daysUntil('2026-12-20', '2026-12-02')).toBe(18);
    expect(daysUntil('2026-12-02', '2026-12-02')).toBe(0);
    expect(daysUntil('2026-11-30', '2026-12-02')).toBe(-2);
  });

  it('reads today on Hà Nội’s clock', () => {
    expect(hanoiToday(new Date('2026-12-01T18:30:00Z'))).toBe('2026-12-02');
    expect(hanoiToday(new Date('2026-12-01T16:59:00Z'))).toBe('2026-12-01');
  });

  it('lists returned reports, latest period first', () => {
    const r = returnedReports([report('2026-11', 'returned'), undefined, report('2026-12', 'draft'), report('2026-10', 'returned')]);
    expect(r.map((x) => x.period)).toEqual(['2026-11', '2026-10']);
  });

  it('keeps open tasks overdue or due soon, soonest first', () => {
    const due = tasksDue(
      [
        task(1, '2027-03-01', 'in_progress'),
        task(2, '2026-12-10', 'not_started'),
        task(3, '2026-11-01', 'blocked', true),
        task(4, '2026-12-05', 'done'),
      ],
      '2026-12-02',
    );
    expect(due.map((t) => t.id)).toEqual([3, 2]);
  });
});
