import type { Task, TaskAssignee } from '@tiendo/shared';
import { describe, expect, it } from 'vitest';
import { conclusionProblems } from './ConclusionsPage.tsx';
import { overdueTasks, progressProblem, sortTasks, taskCounts } from './task-view.ts';

const unit = { code: '00097', name: 'Hồng Hà', level: 3, type: 'phường' };
const assignee = (over: Partial<TaskAssignee> = {}): TaskAssignee => ({
  unit,
  status: 'not_started',
  note: null,
  period: null,
  updatedAt: null,
  updatedBy: null,
  overdue: false,
  ...over,
});
const task = (id: number, over: Partial<Task> = {}): Task => ({
  id,
  conclusionId: 1,
  from: { code: '01', name: 'Hà Nội', level: 1, type: 'thành phố' },
  meetingPeriod: '2026-10',
  content: `Nhiệm vụ ${id}`,
  deadline: '2026-11-30',
  kpi: null,
  assignees: [assignee()],
  status: 'not_started',
  overdue: false,
  ...over,
});

describe('tasks on screen', () => {
  it('puts overdue tasks first, then by deadline, done ones last', () => {
    const tasks = [
      task(1, { status: 'done', deadline: '2026-11-01' }),
      task(2, { deadline: '2026-12-20' }),
      task(3, { overdue: true, deadline: '2026-11-20' }),
      task(4, { deadline: '2026-12-01' }),
    ];
    expect(sortTasks(tasks).map((t) => t.id)).toEqual([3, 4, 2, 1]);
  });

  it('counts done, open, overdue and blocked', () => {
    const tasks = [task(1, { status: 'done' }), task(2, { status: 'blocked', overdue: true }), task(3, { status: 'in_progress' })];
    expect(taskCounts(tasks)).toEqual({ done: 1, open: 2, overdue: 1, blocked: 1 });
  });

  it('asks for a note unless the task is done, as the server does', () => {
    expect(progressProblem('done', '')).toBeNull();
    expect(progressProblem('in_progress', '  ')).toBe('noteNeeded');
    expect(progressProblem('blocked', 'Thiếu máy')).toBeNull();
  });

  it('lists each overdue task once, from the tasks assigned and those issued', () => {
    const late = task(5, { overdue: true, deadline: '2026-11-10' });
    expect(overdueTasks([late, task(6)], [late, task(7, { overdue: true, deadline: '2026-11-05' })]).map((t) => t.id)).toEqual([7, 5]);
  });

  it('says what is missing before conclusions can be recorded', () => {
    const ok = { key: 1, content: 'Rà soát dữ liệu', deadline: '2026-12-10', kpi: '', units: ['00097'] };
    expect(conclusionProblems('2026-11-25', [ok])).toEqual([]);
    expect(
      conclusionProblems('', [
        { ...ok, content: ' ', units: [] },
        { ...ok, key: 2, deadline: '' },
      ]),
    ).toEqual([{ key: 'meetingDate' }, { key: 'content', n: 1 }, { key: 'units', n: 1 }, { key: 'deadline', n: 2 }]);
  });
});
