import { useQueries, useQuery } from '@tanstack/react-query';
import type { ReportReply } from '@tiendo/shared';
import { addMonths } from '@tiendo/shared/period';
import { formatDate, formatNumber, formatPeriod } from '../../i18n/format.ts';
import { useLang } from '../../i18n/index.ts';
import { useSession } from '../auth/session-context.ts';
import { periodsQuery } from '../catalog/queries.ts';
import { tasksQuery } from '../followup/queries.ts';
import { reportQuery } from '../reporting/queries.ts';
import { openPeriod } from '../reporting/report-view.ts';
import { onLinkClick, reportHref } from '../reporting/routes.ts';
import { daysUntil, hanoiToday, returnedReports, tasksDue } from './todo.ts';
import './home.css';

/**
 * "Việc cần làm": what needs the signed-in reporter or approver now, at the top of their home
 * page. A returned report with its comment and the way to fix it; the open month's report with
 * its deadline; reports below waiting for the approver; tasks due. Their own unit only.
 */
export function TodoPanel({ unit }: { unit: string }) {
  const { t, lang } = useLang();
  const { session, home } = useSession();
  const role = session.state === 'signed-in' ? session.me.user.role : null;
  const periods = useQuery(periodsQuery());
  const open = periods.data ? openPeriod(periods.data) : null;
  const shown = (role === 'reporter' || role === 'approver') && unit === home && open !== null;
  // the month just closed can still be returned, fixed and waiting for a decision
  const months = open ? [open, addMonths(open, -1)] : [];
  const reports = useQueries({ queries: months.map((p) => ({ ...reportQuery(home, p), enabled: shown })) });
  const tasks = useQuery({ ...tasksQuery(home, open ?? ''), enabled: shown });
  if (!shown || !open) return null;

  // the server's date (TIENDO_TODAY in the demo), not this computer's clock
  const today = (session.state === 'signed-in' ? session.today : undefined) ?? hanoiToday();
  const current = reports[0]?.data;
  const returned = returnedReports(reports.map((r) => r.data));
  const due = tasksDue(tasks.data?.assigned ?? [], today);
  const waiting = role === 'approver' ? reports.flatMap((r) => (r.data ? [r.data] : [])).filter((r) => r.waitingBelow.length > 0) : [];
  const currentNeedsWork = current?.editable && current.state !== 'returned';

  const deadlineText = (r: ReportReply) => {
    const n = daysUntil(r.deadline, today);
    const left =
      n > 0
        ? t('todo.daysLeft', { n: formatNumber(n, lang) })
        : n === 0
          ? t('todo.dueToday')
          : t('todo.overdue', { n: formatNumber(-n, lang) });
    return `${t('todo.deadline', { date: formatDate(r.deadline, lang) })} · ${left}`;
  };
  const link = (href: string, text: string, testId: string) => (
    <a href={href} onClick={onLinkClick(href)} className="todo-link" data-testid={testId}>
      {text}
    </a>
  );
  const empty = returned.length === 0 && !currentNeedsWork && waiting.length === 0 && due.length === 0;
  if (reports.some((r) => r.isPending)) return null;

  return (
    <section className="panel todo" aria-labelledby="todo-heading" data-testid="todo">
      <h2 id="todo-heading">{t('todo.heading')}</h2>
      <ul className="todo-list">
        {returned.map((r) => (
          <li key={`returned-${r.period}`} className="todo-returned" data-testid={`todo-returned-${r.period}`}>
            <strong>{t('todo.returned', { period: formatPeriod(r.period, lang) })}</strong>
            {r.comment && <blockquote className="return-comment">{t('todo.comment', { comment: r.comment })}</blockquote>}
            {link(reportHref(home, r.period), t('todo.fix'), `todo-fix-${r.period}`)}
          </li>
        ))}
        {current && current.state !== 'returned' && (current.editable || current.state === 'submitted') && (
          <li data-testid="todo-report">
            <strong>
              {t('todo.report', { period: formatPeriod(current.period, lang), state: t(`reporting.state.${current.state}`) })}
            </strong>
            {currentNeedsWork && <span className="todo-deadline"> — {deadlineText(current)}</span>}{' '}
            {link(reportHref(home, current.period), t('todo.openReport'), 'todo-open-report')}
          </li>
        )}
        {waiting.map((r) => (
          <li key={`waiting-${r.period}`} data-testid={`todo-waiting-${r.period}`}>
            <strong>
              {formatPeriod(r.period, lang)}: {t('todo.waiting', { n: formatNumber(r.waitingBelow.length, lang) })}
            </strong>{' '}
            {link(`${reportHref(home, r.period)}#units-below-heading`, t('todo.review'), `todo-review-${r.period}`)}
          </li>
        ))}
        {due.length > 0 && (
          <li data-testid="todo-tasks">
            <strong>{t('todo.tasks', { n: formatNumber(due.length, lang) })}</strong>
            <ul>
              {due.slice(0, 5).map((task) => (
                <li key={task.id}>
                  {task.content}{' '}
                  <span className={task.overdue ? 'field-error' : 'muted'}>
                    (
                    {task.overdue
                      ? t('todo.taskOverdue', { date: formatDate(task.deadline, lang) })
                      : t('todo.taskDue', { date: formatDate(task.deadline, lang) })}
                    )
                  </span>
                </li>
              ))}
            </ul>
          </li>
        )}
        {empty && <li className="muted">{t('todo.nothing')}</li>}
      </ul>
    </section>
  );
}
