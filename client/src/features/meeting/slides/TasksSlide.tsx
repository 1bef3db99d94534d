import { useQuery } from '@tanstack/react-query';
import type { Task } from '@tiendo/shared';
import { formatDate, formatNumber, formatPeriod } from '../../../i18n/format.ts';
import { useLang } from '../../../i18n/index.ts';
import type { DashboardView } from '../../dashboard/view.ts';
import { kpiName } from '../../dashboard/view.ts';
import { taskBoard } from '../meeting-data.ts';
import { tasksQuery } from '../queries.ts';
import { NotesList } from './OverviewSlide.tsx';
import { SlideEmpty, SlideQueries, Tile } from './parts.tsx';

/** Tasks listed on the slide, overdue first; the rest are counted. */
export const TASK_ROWS = 6;
/** Units named per task; more are counted. */
const UNITS_SHOWN = 3;

function TaskState({ task }: { task: Task }) {
  const { t } = useLang();
  if (task.overdue && task.status !== 'done')
    return (
      <span className="badge status-off_track deck-task-state" data-task="overdue">
        <span aria-hidden="true">⚠ </span>
        {t('meeting.taskOverdue')}
      </span>
    );
  const tone = { done: 'achieved', blocked: 'off_track', in_progress: 'on_track', not_started: 'no_target' }[task.status];
  return (
    <span className={`badge status-${tone} deck-task-state`} data-task={task.status}>
      {t(`meeting.taskStatus.${task.status}`)}
    </span>
  );
}

function inCharge(task: Task, more: (n: number) => string): string {
  const names = task.assignees.map((a) => a.unit.name);
  const shown = names.slice(0, UNITS_SHOWN).join(', ');
  return names.length > UNITS_SHOWN ? `${shown} ${more(names.length - UNITS_SHOWN)}` : shown;
}

export function TasksSlide({ view }: { view: DashboardView }) {
  const { t, lang } = useLang();
  const q = useQuery(tasksQuery(view.unitCode, view.period));
  return (
    <SlideQueries error={q.error} loading={q.data === undefined} retry={() => void q.refetch()}>
      {() => {
        const tasks = q.data?.issued ?? [];
        if (tasks.length === 0) return <SlideEmpty testId="tasks-none">{t('meeting.tasksNone')}</SlideEmpty>;
        const b = taskBoard(tasks);
        const shown = b.ordered.slice(0, TASK_ROWS);
        const meetings = [...new Set(tasks.map((x) => x.meetingPeriod))].sort();
        return (
          <div className="deck-tasks">
            <p className="deck-muted deck-sub-lead">
              {t('meeting.tasksFrom', {
                periods: meetings.map((p) => formatPeriod(p, lang)).join(', '),
                period: formatPeriod(view.period, lang),
              })}
            </p>
            <div className="deck-tiles deck-tiles-5">
              <Tile n={formatNumber(b.total, lang)} label={t('meeting.tasksTotal')} testId="tasks-total" />
              <Tile n={formatNumber(b.done, lang)} label={t('meeting.taskStatus.done')} tone="achieved" testId="tasks-done" />
              <Tile n={formatNumber(b.overdue, lang)} label={t('meeting.taskOverdue')} tone="off_track" testId="tasks-overdue" />
              <Tile n={formatNumber(b.blocked, lang)} label={t('meeting.tasksBlocked')} tone="at_risk" testId="tasks-blocked" />
              <Tile n={formatNumber(b.onSchedule, lang)} label={t('meeting.tasksOnSchedule')} tone="on_track" testId="tasks-on-schedule" />
            </div>
            <table className="deck-table deck-table-tasks" data-testid="tasks-table">
              <thead>
                <tr>
                  <th scope="col">{t('meeting.colState')}</th>
                  <th scope="col">{t('meeting.colTask')}</th>
                  <th scope="col">{t('meeting.colInCharge')}</th>
                  <th scope="col">{t('meeting.colDeadline')}</th>
                </tr>
              </thead>
              <tbody>
                {shown.map((task) => (
                  <tr key={task.id} data-task-id={task.id}>
                    <td className="deck-nowrap">
                      <TaskState task={task} />
                    </td>
                    <th scope="row" className="deck-task-content">
                      <span className="deck-clamp">{task.content}</span>
                      {task.kpi && <span className="deck-muted deck-task-kpi">{kpiNameOf(view, task.kpi, lang)}</span>}
                    </th>
                    <td className="deck-clamp-cell">
                      <span className="deck-clamp">{inCharge(task, (n) => t('meeting.andMore', { n }))}</span>
                    </td>
                    <td className="deck-nowrap">{formatDate(task.deadline, lang)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
            {b.total > shown.length && (
              <p className="deck-muted deck-more">{t('meeting.moreTasks', { n: formatNumber(b.total - shown.length, lang) })}</p>
            )}
          </div>
        );
      }}
    </SlideQueries>
  );
}

function kpiNameOf(view: DashboardView, code: string, lang: string): string {
  const k = view.kpis.find((x) => x.code === code);
  return k ? kpiName(k, lang) : code;
}

export function TasksNotes({ view }: { view: DashboardView }) {
  const { t, lang } = useLang();
  const q = useQuery(tasksQuery(view.unitCode, view.period));
  if (q.data === undefined) return null;
  const tasks = q.data?.issued ?? [];
  if (tasks.length === 0) return <NotesList lines={[t('meeting.tasksNone')]} />;
  const b = taskBoard(tasks);
  const lines = [
    t('meeting.notes.tasks', { total: b.total, done: b.done, overdue: b.overdue, blocked: b.blocked, open: b.onSchedule }),
    ...b.ordered
      .filter((x) => x.status !== 'done')
      .map((x) =>
        t(x.overdue ? 'meeting.notes.taskOverdue' : 'meeting.notes.taskOpen', {
          content: x.content,
          units: inCharge(x, (n) => t('meeting.andMore', { n })),
          deadline: formatDate(x.deadline, lang),
          state: t(`meeting.taskStatus.${x.status}`),
          note: x.assignees.find((a) => a.note)?.note ?? '',
        }),
      ),
  ];
  return <NotesList lines={lines} />;
}
