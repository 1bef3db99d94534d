/** Pure helpers of the tasks and proposals screens. */
import type { Task, TaskStatus } from '@tiendo/shared';

/** Overdue first, then by deadline; done last. */
export function sortTasks(tasks: readonly Task[]): Task[] {
  const rank = (t: Task) => (t.status === 'done' ? 2 : t.overdue ? 0 : 1);
  return [...tasks].sort((a, b) => rank(a) - rank(b) || a.deadline.localeCompare(b.deadline) || a.id - b.id);
}

/** How many tasks are done, overdue, blocked and still running. */
export function taskCounts(tasks: readonly Task[]): { done: number; overdue: number; blocked: number; open: number } {
  const out = { done: 0, overdue: 0, blocked: 0, open: 0 };
  for (const t of tasks) {
    if (t.status === 'done') out.done++;
    else {
      out.open++;
      if (t.overdue) out.overdue++;
      if (t.status === 'blocked') out.blocked++;
    }
  }
  return out;
}

/** A progress report needs a note unless the task is done (the server says the same). */
export function progressProblem(status: Exclude<TaskStatus, 'not_started'>, note: string): 'noteNeeded' | null {
  return status !== 'done' && note.trim().length < 3 ? 'noteNeeded' : null;
}

/** Tasks whose deadline has passed and that are not done, across the unit's own and those it assigned. */
export function overdueTasks(assigned: readonly Task[], issued: readonly Task[]): Task[] {
  const seen = new Set<number>();
  const out: Task[] = [];
  for (const t of [...issued, ...assigned]) {
    if (!t.overdue || seen.has(t.id)) continue;
    seen.add(t.id);
    out.push(t);
  }
  return out.sort((a, b) => a.deadline.localeCompare(b.deadline));
}
