import { useQuery } from '@tanstack/react-query';
import type { Task, TaskAssignee } from '@tiendo/shared';
import { useId, useState } from 'react';
import { MutationError } from '../../components/MutationError.tsx';
import { QueryState } from '../../components/QueryState.tsx';
import { formatDate, formatDateTime, formatPeriod } from '../../i18n/format.ts';
import { useLang } from '../../i18n/index.ts';
import { kpisQuery } from '../catalog/queries.ts';
import { useTaskProgress } from './mutations.ts';
import { tasksQuery } from './queries.ts';
import { progressProblem, sortTasks, taskCounts } from './task-view.ts';

type Progress = 'in_progress' | 'done' | 'blocked';

/**
 * The tasks a unit is in charge of, inside its monthly report: each with its deadline, the
 * meeting that assigned it, and a form to report progress in this period.
 */
export function TasksPanel({ unit, period, editable }: { unit: string; period: string; editable: boolean }) {
  const { t } = useLang();
  const tasks = useQuery(tasksQuery(unit, period));
  return (
    <section className="panel followup" aria-labelledby="tasks-heading" data-testid="tasks-panel">
      <h2 id="tasks-heading">{t('followup.tasks.heading')}</h2>
      <QueryState query={tasks}>
        {(data) => {
          if (data.assigned.length === 0) return <p className="muted">{t('followup.tasks.none')}</p>;
          const c = taskCounts(data.assigned);
          return (
            <>
              <p className="muted">{t('followup.tasks.intro')}</p>
              <p className="task-counts">{t('followup.tasks.counts', c)}</p>
              <ul className="task-list">
                {sortTasks(data.assigned).map((task) => (
                  <TaskItem key={task.id} task={task} unit={unit} period={period} editable={editable} />
                ))}
              </ul>
            </>
          );
        }}
      </QueryState>
    </section>
  );
}

export function TaskHead({ task }: { task: Task }) {
  const { t, lang } = useLang();
  const kpis = useQuery(kpisQuery());
  const kpi = task.kpi ? kpis.data?.find((k) => k.code === task.kpi) : undefined;
  return (
    <div className="task-head">
      <p className="task-content">{task.content}</p>
      <p className="task-meta">
        <span className={task.overdue ? 'task-deadline overdue' : 'task-deadline'}>
          {t('followup.tasks.deadline', { date: formatDate(task.deadline, lang) })}
          {task.overdue && <strong className="overdue-flag"> · {t('followup.tasks.overdue')}</strong>}
        </span>
        {' · '}
        {t('followup.tasks.from', { unit: task.from.name, period: formatPeriod(task.meetingPeriod, lang) })}
        {task.kpi && <> · {t('followup.tasks.kpi', { name: kpi ? (lang === 'en' ? kpi.nameEn : kpi.name) : task.kpi })}</>}
      </p>
    </div>
  );
}

export function AssigneeStatus({ a }: { a: TaskAssignee }) {
  const { t, lang } = useLang();
  return (
    <span className={`task-status status-${a.status}`} data-status={a.status}>
      {t(`followup.tasks.status.${a.status}`)}
      {a.note && <span className="task-note">: {a.note}</span>}
      {a.updatedAt && (
        <span className="muted task-when">
          {' '}
          (
          {t('followup.tasks.last', {
            when: formatDateTime(a.updatedAt, lang),
            by: a.updatedBy ?? '—',
            period: formatPeriod(a.period, lang),
          })}
          )
        </span>
      )}
    </span>
  );
}

function TaskItem({ task, unit, period, editable }: { task: Task; unit: string; period: string; editable: boolean }) {
  const { t } = useLang();
  const mine = task.assignees[0];
  const [status, setStatus] = useState<Progress>(mine && mine.status !== 'not_started' ? mine.status : 'in_progress');
  const [note, setNote] = useState(mine?.period === period ? (mine.note ?? '') : '');
  const [tried, setTried] = useState(false);
  const save = useTaskProgress(unit);
  const id = useId();
  const problem = progressProblem(status, note);
  return (
    <li className={task.overdue ? 'task overdue' : 'task'} data-testid={`task-${task.id}`}>
      <TaskHead task={task} />
      {mine && <AssigneeStatus a={mine} />}
      {editable ? (
        <form
          className="task-progress"
          onSubmit={(e) => {
            e.preventDefault();
            setTried(true);
            if (problem) return;
            save.mutate({ task: task.id, period, status, note: note.trim() });
          }}
        >
          <fieldset>
            <legend>{t('followup.tasks.report')}</legend>
            <div className="task-choices">
              {(['done', 'in_progress', 'blocked'] as const).map((s) => (
                <label key={s}>
                  <input type="radio" name={`${id}-status`} value={s} checked={status === s} onChange={() => setStatus(s)} />{' '}
                  {t(`followup.tasks.status.${s}`)}
                </label>
              ))}
            </div>
            <label className="field-block">
              <span>{t('followup.tasks.note')}</span>
              <textarea
                rows={2}
                maxLength={2000}
                value={note}
                onChange={(e) => setNote(e.target.value)}
                aria-invalid={tried && problem !== null}
                aria-describedby={tried && problem ? `${id}-problem` : undefined}
                data-testid={`task-note-${task.id}`}
              />
            </label>
            {tried && problem && (
              <p id={`${id}-problem`} className="field-error">
                {t(`followup.tasks.${problem}`)}
              </p>
            )}
            <button type="submit" disabled={save.isPending} data-testid={`task-save-${task.id}`}>
              {t('followup.tasks.save')}
            </button>
            {save.isSuccess && (
              <span role="status" className="saved-note">
                {' '}
                {t('followup.tasks.saved')}
              </span>
            )}
            <MutationError error={save.error} />
          </fieldset>
        </form>
      ) : null}
    </li>
  );
}
