/** Pure readings behind the home page's "what needs you now" panel. */
import type { ReportReply, Task } from '@tiendo/shared';

/** Whole days from `today` to `deadline` (both `YYYY-MM-DD`): 0 on the day, negative once past. */
export function daysUntil(deadline: string, today: string): number {
  return Math.round((Date.parse(`${deadline}T00:00:00Z`) - Date.parse(`${today}T00:00:00Z`)) / 86_400_000);
}

/** Today in Hà Nội (UTC+7 all year), as the deadlines are written. */
export function hanoiToday(now: Date = new Date()): string {
  return new Date(now.getTime() + 7 * 3600_000).toISOString().slice(0, 10);
}

/** Reports sent back to this unit, most recent period first: the first thing a reporter must fix. */
export function returnedReports(reports: readonly (ReportReply | undefined)[]): ReportReply[] {
  return reports.filter((r): r is ReportReply => r?.state === 'returned').sort((a, b) => b.period.localeCompare(a.period));
}

/** Open tasks this unit is in charge of that are overdue or due within `horizon` days, soonest first. */
export function tasksDue(tasks: readonly Task[], today: string, horizon = 14): Task[] {
  return tasks
    .filter((t) => t.status !== 'done' && (t.overdue || daysUntil(t.deadline, today) <= horizon))
    .sort((a, b) => a.deadline.localeCompare(b.deadline) || a.id - b.id);
}
