import { useQuery } from '@tanstack/react-query';
import type { Conclusion, PeriodInfo, RecordConclusionBody, UnitRef } from '@tiendo/shared';
import { roleMay } from '@tiendo/shared/permissions';
import { useId, useMemo, useState } from 'react';
import { MutationError } from '../../components/MutationError.tsx';
import { Loading, QueryState } from '../../components/QueryState.tsx';
import { formatDate, formatPeriod } from '../../i18n/format.ts';
import { useLang } from '../../i18n/index.ts';
import { useUrlState } from '../../routing/use-url-state.ts';
import { useSession } from '../auth/session-context.ts';
import { kpisQuery, periodsQuery } from '../catalog/queries.ts';
import { dashboardHref, onLinkClick } from '../reporting/routes.ts';
import { unitQuery } from '../units/queries.ts';
import { useRecordConclusion } from './mutations.ts';
import { conclusionsQuery } from './queries.ts';
import { AssigneeStatus, TaskHead } from './TasksPanel.tsx';
import { sortTasks, taskCounts } from './task-view.ts';

/** The latest period whose cut-off has passed: the one a meeting is held on. */
function meetingPeriodOf(periods: readonly PeriodInfo[]): string | null {
  const closed = periods.filter((p) => p.cutoffPassed);
  return closed.at(-1)?.period ?? periods.at(-1)?.period ?? null;
}

/**
 * After a meeting the secretariat records its conclusions (Thông báo kết luận): the tasks, the
 * units in charge and the deadlines. Everyone in scope reads what was recorded and how each unit
 * is getting on.
 */
export function ConclusionsPage() {
  const { t } = useLang();
  const [url] = useUrlState();
  const { home, session } = useSession();
  const periods = useQuery(periodsQuery());
  const unit = url.unit ?? home;
  const role = session.state === 'signed-in' ? session.me.user.role : null;
  const records = role !== null && roleMay(role, 'conclusions.record');
  const period = url.period ?? (periods.data ? meetingPeriodOf(periods.data) : null);
  const info = useQuery({ ...unitQuery(unit, period), enabled: period !== null });
  const list = useQuery(conclusionsQuery(unit, null));
  if (!periods.data || period === null) return <Loading />;
  return (
    <>
      <nav className="report-nav" aria-label={t('reporting.nav')}>
        <a href={dashboardHref(unit, period)} onClick={onLinkClick(dashboardHref(unit, period))}>
          ← {t('reporting.toDashboard')}
        </a>
      </nav>
      <h1 data-testid="conclusions-heading">{t('followup.conclusions.title', { unit: info.data?.name ?? unit })}</h1>
      <p className="muted">{t('followup.conclusions.intro')}</p>
      {records ? (
        info.data ? (
          <RecordForm key={`${unit}:${period}`} unit={unit} period={period} below={info.data.children} self={info.data} />
        ) : (
          <Loading />
        )
      ) : (
        <p className="muted">{t('followup.conclusions.secretariatOnly')}</p>
      )}
      <section className="panel followup" aria-labelledby="conclusions-list">
        <h2 id="conclusions-list">{t('followup.conclusions.list')}</h2>
        <QueryState query={list}>
          {(data) =>
            data.conclusions.length === 0 ? (
              <p className="muted">{t('followup.conclusions.none')}</p>
            ) : (
              <ol className="conclusion-list">
                {data.conclusions.map((c) => (
                  <ConclusionItem key={c.id} c={c} />
                ))}
              </ol>
            )
          }
        </QueryState>
      </section>
    </>
  );
}

function ConclusionItem({ c }: { c: Conclusion }) {
  const { t, lang } = useLang();
  const counts = taskCounts(c.tasks);
  return (
    <li className="conclusion" data-testid={`conclusion-${c.id}`}>
      <h3>
        {t('followup.conclusions.number', {
          number: c.number,
          date: formatDate(c.meetingDate, lang),
          period: formatPeriod(c.period, lang),
        })}
      </h3>
      {c.summary && <p>{c.summary}</p>}
      <p className="task-counts">{t('followup.tasks.counts', counts)}</p>
      <ul className="task-list">
        {sortTasks(c.tasks).map((task) => (
          <li key={task.id} className={task.overdue ? 'task overdue' : 'task'}>
            <TaskHead task={task} />
            <ul className="assignees" aria-label={t('followup.tasks.units')}>
              {task.assignees.map((a) => (
                <li key={a.unit.code}>
                  <strong>{a.unit.name}</strong>: <AssigneeStatus a={a} />
                </li>
              ))}
            </ul>
          </li>
        ))}
      </ul>
    </li>
  );
}

interface DraftTask {
  key: number;
  content: string;
  deadline: string;
  kpi: string;
  units: string[];
}

const today = () => new Date().toISOString().slice(0, 10);
const blank = (key: number): DraftTask => ({ key, content: '', deadline: '', kpi: '', units: [] });

/** What is missing before the conclusions can be recorded, in the reader's words. */
export function conclusionProblems(meetingDate: string, tasks: readonly DraftTask[]): { key: string; n?: number }[] {
  const out: { key: string; n?: number }[] = [];
  if (!meetingDate) out.push({ key: 'meetingDate' });
  tasks.forEach((task, i) => {
    if (task.content.trim().length < 3) out.push({ key: 'content', n: i + 1 });
    if (!task.deadline) out.push({ key: 'deadline', n: i + 1 });
    if (task.units.length === 0) out.push({ key: 'units', n: i + 1 });
  });
  return out;
}

function RecordForm({ unit, period, below, self }: { unit: string; period: string; below: UnitRef[]; self: UnitRef }) {
  const { t, lang } = useLang();
  const kpis = useQuery(kpisQuery());
  const record = useRecordConclusion(unit);
  const [meetingDate, setMeetingDate] = useState(today());
  const [summary, setSummary] = useState('');
  const [tasks, setTasks] = useState<DraftTask[]>([blank(1)]);
  const [tried, setTried] = useState(false);
  const [recorded, setRecorded] = useState<string | null>(null);
  const problems = conclusionProblems(meetingDate, tasks);
  const candidates = useMemo(() => [self, ...below], [self, below]);
  const update = (key: number, patch: Partial<DraftTask>) => setTasks((ts) => ts.map((x) => (x.key === key ? { ...x, ...patch } : x)));
  return (
    <form
      className="panel followup conclusion-form"
      aria-labelledby="record-heading"
      onSubmit={(e) => {
        e.preventDefault();
        setTried(true);
        setRecorded(null);
        if (problems.length > 0) return;
        const body: RecordConclusionBody = {
          period,
          meetingDate,
          summary: summary.trim(),
          tasks: tasks.map((x) => ({ content: x.content.trim(), deadline: x.deadline, units: x.units, ...(x.kpi ? { kpi: x.kpi } : {}) })),
        };
        record.mutate(body, {
          onSuccess: (c) => {
            setRecorded(c.number);
            setTasks([blank(Date.now())]);
            setSummary('');
            setTried(false);
          },
        });
      }}
    >
      <h2 id="record-heading">{t('followup.conclusions.record')}</h2>
      <p>
        {t('followup.conclusions.period')}: <strong>{formatPeriod(period, lang)}</strong>
      </p>
      <label className="field">
        <span>{t('followup.conclusions.meetingDate')}</span>
        <input type="date" value={meetingDate} onChange={(e) => setMeetingDate(e.target.value)} data-testid="meeting-date" />
      </label>
      <label className="field-block">
        <span>{t('followup.conclusions.summary')}</span>
        <textarea rows={3} maxLength={8000} value={summary} onChange={(e) => setSummary(e.target.value)} data-testid="conclusion-summary" />
      </label>
      {tasks.map((task, i) => (
        <fieldset key={task.key} className="task-draft" data-testid={`task-draft-${i + 1}`}>
          <legend>{t('followup.conclusions.task', { n: i + 1 })}</legend>
          <label className="field-block">
            <span>{t('followup.conclusions.content')}</span>
            <textarea
              rows={2}
              maxLength={2000}
              value={task.content}
              onChange={(e) => update(task.key, { content: e.target.value })}
              data-testid="task-content"
            />
          </label>
          <div className="task-draft-row">
            <label className="field">
              <span>{t('followup.conclusions.deadline')}</span>
              <input
                type="date"
                value={task.deadline}
                onChange={(e) => update(task.key, { deadline: e.target.value })}
                data-testid="task-deadline"
              />
            </label>
            <label className="field">
              <span>{t('followup.conclusions.kpi')}</span>
              <select value={task.kpi} onChange={(e) => update(task.key, { kpi: e.target.value })} data-testid="task-kpi">
                <option value="">{t('followup.conclusions.noKpi')}</option>
                {(kpis.data ?? []).map((k) => (
                  <option key={k.code} value={k.code}>
                    {lang === 'en' ? k.nameEn : k.name}
                  </option>
                ))}
              </select>
            </label>
          </div>
          <UnitChecklist candidates={candidates} chosen={task.units} onChange={(units) => update(task.key, { units })} />
          {tasks.length > 1 && (
            <button type="button" className="link-button" onClick={() => setTasks((ts) => ts.filter((x) => x.key !== task.key))}>
              {t('followup.conclusions.removeTask')}
            </button>
          )}
        </fieldset>
      ))}
      <button type="button" onClick={() => setTasks((ts) => [...ts, blank(Date.now())])} data-testid="add-task">
        {t('followup.conclusions.addTask')}
      </button>
      {tried && problems.length > 0 && (
        <ul className="field-error" role="alert">
          {problems.map((p) => (
            <li key={`${p.key}-${p.n ?? 0}`}>{t(`followup.conclusions.problems.${p.key}`, { n: p.n })}</li>
          ))}
        </ul>
      )}
      <div className="actions">
        <button type="submit" className="primary" disabled={record.isPending} data-testid="record-conclusion">
          {t('followup.conclusions.record')}
        </button>
      </div>
      {recorded && (
        <p role="status" className="saved-note" data-testid="conclusion-recorded">
          {t('followup.conclusions.recorded', { number: recorded })}
        </p>
      )}
      <MutationError error={record.error} />
    </form>
  );
}

function UnitChecklist({ candidates, chosen, onChange }: { candidates: UnitRef[]; chosen: string[]; onChange: (codes: string[]) => void }) {
  const { t } = useLang();
  const [filter, setFilter] = useState('');
  const id = useId();
  const q = filter.trim().toLocaleLowerCase('vi');
  const shown = q ? candidates.filter((u) => u.name.toLocaleLowerCase('vi').includes(q) || u.code.includes(q)) : candidates;
  const set = new Set(chosen);
  return (
    <fieldset className="unit-checklist">
      <legend>
        {t('followup.conclusions.units')} <span className="muted">({t('followup.conclusions.chosen', { n: chosen.length })})</span>
      </legend>
      <label className="field">
        <span>{t('followup.conclusions.filter')}</span>
        <input id={id} type="search" value={filter} onChange={(e) => setFilter(e.target.value)} data-testid="unit-filter" />
      </label>
      <ul className="checklist" data-testid="unit-checklist">
        {shown.map((u) => (
          <li key={u.code}>
            <label>
              <input
                type="checkbox"
                checked={set.has(u.code)}
                onChange={(e) => onChange(e.target.checked ? [...chosen, u.code] : chosen.filter((c) => c !== u.code))}
                data-unit={u.code}
              />{' '}
              {u.name} <span className="muted">({u.code})</span>
            </label>
          </li>
        ))}
      </ul>
    </fieldset>
  );
}
