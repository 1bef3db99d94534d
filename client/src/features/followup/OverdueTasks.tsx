import { useQuery } from '@tanstack/react-query';
import { QueryState } from '../../components/QueryState.tsx';
import { formatDate } from '../../i18n/format.ts';
import { useLang } from '../../i18n/index.ts';
import { conclusionsHref, onLinkClick } from '../reporting/routes.ts';
import './followup.css';
import { tasksQuery } from './queries.ts';
import { overdueTasks, taskCounts } from './task-view.ts';

/**
 * On the dashboard: the tasks past their deadline that the unit assigned or is in charge of, as
 * they stand in the period shown, with the units that have not finished them.
 */
export function OverdueTasks({ unit, period }: { unit: string; period: string }) {
  const { t, lang } = useLang();
  const tasks = useQuery(tasksQuery(unit, period));
  const href = conclusionsHref(unit, null);
  return (
    <section className="panel followup overdue-tasks" aria-labelledby="overdue-heading" data-testid="overdue-tasks">
      <div className="panel-head">
        <h2 id="overdue-heading">{t('followup.overdue.heading')}</h2>
        <a href={href} onClick={onLinkClick(href)}>
          {t('followup.overdue.manage')}
        </a>
      </div>
      <QueryState query={tasks}>
        {(data) => {
          const late = overdueTasks(data.assigned, data.issued);
          const counts = taskCounts(data.issued.length > 0 ? data.issued : data.assigned);
          return (
            <>
              {(data.issued.length > 0 || data.assigned.length > 0) && <p className="task-counts">{t('followup.tasks.counts', counts)}</p>}
              {late.length === 0 ? (
                <p className="muted">{t('followup.overdue.none')}</p>
              ) : (
                <ul className="task-list">
                  {late.map((task) => (
                    <li key={task.id} className="task overdue" data-testid={`overdue-task-${task.id}`}>
                      <p className="task-content">
                        {t('followup.overdue.item', { content: task.content, date: formatDate(task.deadline, lang) })}
                      </p>
                      <p className="assignee-line">
                        {t('followup.overdue.who', {
                          units: task.assignees
                            .filter((a) => a.overdue)
                            .map((a) => a.unit.name)
                            .join(', '),
                        })}
                      </p>
                    </li>
                  ))}
                </ul>
              )}
            </>
          );
        }}
      </QueryState>
    </section>
  );
}
