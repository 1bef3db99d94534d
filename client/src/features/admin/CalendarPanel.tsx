import { useQuery } from '@tanstack/react-query';
import { addMonths, type CalendarEntry, type PeriodInfo, type ReportingSettingsReply, type UnitRef } from '@tiendo/shared';
import { type FormEvent, useId, useState } from 'react';
import { QueryState } from '../../components/QueryState.tsx';
import { TableScroll } from '../../components/TableScroll.tsx';
import { formatDate, formatDateTime, formatPeriod } from '../../i18n/format.ts';
import { useLang } from '../../i18n/index.ts';
import { periodsQuery } from '../catalog/queries.ts';
import {
  CALENDAR_MODES,
  type CalendarDraft,
  type CalendarMode,
  type CalendarProblems,
  calendarBody,
  calendarProblems,
  draftFor,
  periodChoices,
} from './calendar-form.ts';
import { ConfirmDialog, FieldError } from './Dialog.tsx';
import { errorText, useOpenPeriod, usePutReportingSettings, useReopenReport } from './mutations.ts';
import { reportingSettingsQuery } from './queries.ts';
import { UnitPicker } from './UnitPicker.tsx';

export function CalendarPanel({ canEdit }: { canEdit: boolean }) {
  const settings = useQuery(reportingSettingsQuery());
  const periods = useQuery(periodsQuery());
  return (
    <>
      <QueryState query={settings}>
        {(s) => (
          <QueryState query={periods}>{(p) => <SettingsForm key={s.period} settings={s} periods={p} canEdit={canEdit} />}</QueryState>
        )}
      </QueryState>
      <QueryState query={settings}>{(s) => <CalendarHistory settings={s} />}</QueryState>
      <QueryState query={periods}>{(p) => <PeriodsCalendar periods={p} canEdit={canEdit} />}</QueryState>
      <QueryState query={periods}>{(p) => <ReopenForm periods={p} />}</QueryState>
    </>
  );
}

/**
 * A change applies from a period on (the open one by default) and never reaches back; a one-off
 * changes one period; a past period is changed only by a correction with its reason.
 */
function SettingsForm({ settings, periods, canEdit }: { settings: ReportingSettingsReply; periods: PeriodInfo[]; canEdit: boolean }) {
  const { t, lang } = useLang();
  const put = usePutReportingSettings();
  const id = useId();
  const open = settings.period;
  const start = periods[0]?.period ?? open;
  const [d, setD] = useState<CalendarDraft>(() => draftFor('from', open, settings.history));
  const [touched, setTouched] = useState(false);
  const [saved, setSaved] = useState<CalendarDraft | null>(null);
  const problems = calendarProblems(d, settings.history);
  const choices = periodChoices(d.mode, open, start);
  const edit = (x: Partial<CalendarDraft>) => {
    setD((old) => ({ ...old, ...x }));
    setSaved(null);
  };
  const choose = (mode: CalendarMode, period: string) => {
    setD((old) => draftFor(mode, period, settings.history, old.reason));
    setSaved(null);
    setTouched(false);
  };
  const submit = (e: FormEvent) => {
    e.preventDefault();
    setTouched(true);
    if (Object.keys(problems).length) return;
    put.mutate(calendarBody(d), { onSuccess: () => setSaved(d) });
  };
  // The reason shows its problem once the form is sent; the numbers block saving at once.
  const blocking = Boolean(problems.cutoffDay || problems.deadlineDays || problems.graceDays || problems.period);
  const shown = (k: keyof CalendarProblems) => (problems[k] && (touched || k !== 'reason') ? t(problems[k] as string) : null);
  const field = (k: 'cutoffDay' | 'deadlineDays' | 'graceDays', label: string, help?: string) => (
    <div className="field">
      <label htmlFor={`${id}-${k}`}>{label}</label>
      <input
        id={`${id}-${k}`}
        inputMode="numeric"
        value={d[k]}
        disabled={!canEdit || (k === 'cutoffDay' && d.mode === 'oneOff')}
        onChange={(e) => edit({ [k]: e.target.value })}
        aria-invalid={problems[k] ? true : undefined}
        aria-describedby={help ? `${id}-${k}-e ${id}-${k}-h` : `${id}-${k}-e`}
        data-testid={`calendar-${k}`}
      />
      {help && (
        <span id={`${id}-${k}-h`} className="muted">
          {help}
        </span>
      )}
      <FieldError id={`${id}-${k}-e`} message={shown(k)} />
    </div>
  );
  return (
    <section className="panel" aria-labelledby={`${id}-h`}>
      <h2 id={`${id}-h`}>{t('admin.calendar.heading')}</h2>
      <p className="muted" data-testid="calendar-in-force">
        {t('admin.calendar.inForce', {
          period: formatPeriod(open, lang),
          cutoff: settings.cutoffDay,
          deadline: settings.deadlineDays,
          grace: settings.graceDays,
        })}
      </p>
      <form className="admin-form three-col" onSubmit={submit} noValidate>
        {canEdit && (
          <fieldset className="field wide-field">
            <legend>{t('admin.calendar.kind')}</legend>
            <div className="checks">
              {CALENDAR_MODES.map((m) => (
                <label key={m}>
                  <input
                    type="radio"
                    name={`${id}-mode`}
                    value={m}
                    checked={d.mode === m}
                    onChange={() => choose(m, m === 'correction' ? addMonths(open, -1) : open)}
                    data-testid={`calendar-mode-${m}`}
                  />{' '}
                  {t(`admin.calendar.modes.${m}`)}
                </label>
              ))}
            </div>
          </fieldset>
        )}
        <div className="field">
          <label htmlFor={`${id}-period`}>{t(`admin.calendar.periodLabel.${d.mode}`)}</label>
          <select
            id={`${id}-period`}
            value={d.period}
            disabled={!canEdit}
            onChange={(e) => choose(d.mode, e.target.value)}
            aria-describedby={`${id}-period-h`}
            data-testid="calendar-period"
          >
            {choices.map((p) => (
              <option key={p} value={p}>
                {formatPeriod(p, lang)}
                {p === open ? ` (${t('admin.calendar.openNow')})` : ''}
              </option>
            ))}
          </select>
          <span id={`${id}-period-h`} className="muted">
            {t(`admin.calendar.periodHelp.${d.mode}`, { period: formatPeriod(d.period, lang) })}
          </span>
        </div>
        {field(
          'cutoffDay',
          t('admin.calendar.cutoffDay'),
          d.mode === 'oneOff' ? t('admin.calendar.oneOffCutoffHelp') : t('admin.calendar.cutoffHelp'),
        )}
        {field('deadlineDays', t('admin.calendar.deadlineDays'))}
        {field('graceDays', t('admin.calendar.graceDays'))}
        {canEdit && (
          <div className="field wide-field">
            <label htmlFor={`${id}-reason`}>{t(d.mode === 'from' ? 'admin.calendar.reasonOptional' : 'admin.calendar.reason')}</label>
            <textarea
              id={`${id}-reason`}
              rows={2}
              value={d.reason}
              onChange={(e) => edit({ reason: e.target.value })}
              aria-invalid={touched && problems.reason ? true : undefined}
              aria-describedby={`${id}-reason-e`}
              data-testid="calendar-reason"
            />
            <FieldError id={`${id}-reason-e`} message={shown('reason')} />
          </div>
        )}
        <div className="form-foot">
          {put.error && (
            <p className="form-error" role="alert">
              {errorText(put.error, lang, t('common.networkError'))}
            </p>
          )}
          {saved && <p role="status">{t(`admin.calendar.saved.${saved.mode}`, { period: formatPeriod(saved.period, lang) })}</p>}
          {canEdit && (
            <button type="submit" className="primary" disabled={put.isPending || blocking}>
              {put.isPending ? t('admin.saving') : t('admin.save')}
            </button>
          )}
        </div>
      </form>
    </section>
  );
}

/** Every change of the calendar, newest first: from which period, the values, who, when and why. */
function CalendarHistory({ settings }: { settings: ReportingSettingsReply }) {
  const { t, lang } = useLang();
  const id = useId();
  const span = (h: CalendarEntry) => {
    if (h.oneOff || h.correction) return formatPeriod(h.from, lang);
    const from = h.from === null ? t('admin.calendar.sinceStart') : t('admin.calendar.fromPeriod', { period: formatPeriod(h.from, lang) });
    return h.to === null ? from : t('admin.calendar.fromTo', { from, to: formatPeriod(h.to, lang) });
  };
  return (
    <section className="panel" aria-labelledby={`${id}-h`}>
      <h2 id={`${id}-h`}>{t('admin.calendar.history')}</h2>
      {settings.history.length === 0 ? (
        <p className="muted">{t('admin.calendar.noHistory')}</p>
      ) : (
        <ol className="calendar-history" data-testid="calendar-history">
          {settings.history.map((h) => (
            <li key={h.id} data-testid={`calendar-entry-${h.id}`}>
              <div>
                <strong>{span(h)}</strong> {h.oneOff && <span className="badge">{t('admin.calendar.modes.oneOff')}</span>}
                {h.correction && <span className="badge">{t('admin.calendar.modes.correction')}</span>}
                {h.replacedBy !== null && <span className="muted"> — {t('admin.calendar.replaced')}</span>}
              </div>
              <div>{t('admin.calendar.values', { cutoff: h.cutoffDay, deadline: h.deadlineDays, grace: h.graceDays })}</div>
              <div className="muted">
                {t('admin.calendar.by', { who: h.createdBy ?? t('admin.calendar.system'), when: formatDateTime(h.createdAt, lang) })}
                {h.reason && ` — ${t('admin.calendar.why', { reason: h.reason })}`}
              </div>
            </li>
          ))}
        </ol>
      )}
      <h3>{t('admin.calendar.openings')}</h3>
      {settings.openings.length === 0 ? (
        <p className="muted">{t('admin.calendar.noOpenings')}</p>
      ) : (
        <ul data-testid="calendar-openings">
          {settings.openings.map((o) => (
            <li key={`${o.at}-${o.period}`}>
              {t('admin.calendar.openedEntry', {
                period: formatPeriod(o.period, lang),
                who: o.by ?? t('admin.calendar.system'),
                when: formatDateTime(o.at, lang),
              })}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

const RECENT = 8;

function PeriodsCalendar({ periods, canEdit }: { periods: PeriodInfo[]; canEdit: boolean }) {
  const { t, lang } = useLang();
  const open = useOpenPeriod();
  const [all, setAll] = useState(false);
  const [confirm, setConfirm] = useState<string | null>(null);
  const [opened, setOpened] = useState<string | null>(null);
  const id = useId();
  const shown = all ? [...periods].reverse() : [...periods].reverse().slice(0, RECENT);
  const last = periods.at(-1)?.period;
  const next = periods.find((p) => p.state === 'upcoming')?.period ?? (last ? nextPeriod(last) : null);
  return (
    <section className="panel" aria-labelledby={`${id}-h`}>
      <div className="panel-head">
        <h2 id={`${id}-h`}>{t('admin.calendar.periods')}</h2>
        {canEdit && next && (
          <button type="button" onClick={() => setConfirm(next)}>
            {t('admin.calendar.openNext', { period: formatPeriod(next, lang) })}
          </button>
        )}
      </div>
      {opened && <p role="status">{t('admin.calendar.opened', { period: formatPeriod(opened, lang) })}</p>}
      <TableScroll label={t('admin.calendar.periods')}>
        <table data-testid="periods-table">
          <thead>
            <tr>
              <th scope="col">{t('admin.calendar.period')}</th>
              <th scope="col">{t('admin.calendar.from')}</th>
              <th scope="col">{t('admin.calendar.to')}</th>
              <th scope="col">{t('admin.calendar.deadline')}</th>
              <th scope="col">{t('admin.calendar.lockAfter')}</th>
              <th scope="col">{t('admin.calendar.state')}</th>
            </tr>
          </thead>
          <tbody>
            {shown.map((p) => (
              <tr key={p.period}>
                <th scope="row">{formatPeriod(p.period, lang)}</th>
                <td>{formatDate(p.from, lang)}</td>
                <td>{formatDate(p.to, lang)}</td>
                <td>{formatDate(p.deadline, lang)}</td>
                <td>{formatDate(p.lockAfter, lang)}</td>
                <td>
                  <span className={`badge period-${p.state}`}>{t(`admin.calendar.states.${p.state}`)}</span>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </TableScroll>
      <button type="button" className="link-button" onClick={() => setAll((x) => !x)}>
        {all ? t('admin.calendar.showRecent') : t('admin.calendar.showAll')}
      </button>
      {confirm && (
        <ConfirmDialog
          title={t('admin.calendar.openNext', { period: formatPeriod(confirm, lang) })}
          message={t('admin.calendar.confirmOpen', { period: formatPeriod(confirm, lang) })}
          confirmLabel={t('admin.confirm')}
          busy={open.isPending}
          error={errorText(open.error, lang, t('common.networkError'))}
          onClose={() => {
            setConfirm(null);
            open.reset();
          }}
          onConfirm={() =>
            open.mutate(confirm, {
              onSuccess: () => {
                setOpened(confirm);
                setConfirm(null);
              },
            })
          }
        />
      )}
    </section>
  );
}

function nextPeriod(p: string): string {
  const [y, m] = p.split('-').map(Number) as [number, number];
  return m === 12 ? `${y + 1}-01` : `${y}-${String(m + 1).padStart(2, '0')}`;
}

/** Uses the report workflow's own reopen route; the calendar only offers it in one place. */
function ReopenForm({ periods }: { periods: PeriodInfo[] }) {
  const { t, lang } = useLang();
  const reopen = useReopenReport();
  const id = useId();
  const candidates = periods.filter((p) => p.state !== 'upcoming').reverse();
  const [unit, setUnit] = useState<UnitRef | null>(null);
  const [period, setPeriod] = useState(candidates[0]?.period ?? '');
  const [reason, setReason] = useState('');
  const [touched, setTouched] = useState(false);
  const [confirm, setConfirm] = useState(false);
  const [done, setDone] = useState(false);
  const reasonProblem = reason.trim().length < 3 ? t('admin.calendar.reasonRequired') : null;
  const unitProblem = unit ? null : t('admin.users.unitRequired');
  const submit = (e: FormEvent) => {
    e.preventDefault();
    setTouched(true);
    if (!reasonProblem && !unitProblem) setConfirm(true);
  };
  return (
    <section className="panel" aria-labelledby={`${id}-h`}>
      <h2 id={`${id}-h`}>{t('admin.calendar.reopen')}</h2>
      <p className="muted">{t('admin.calendar.reopenIntro')}</p>
      <form className="admin-form two-col" onSubmit={submit} noValidate>
        <div>
          <UnitPicker
            label={t('admin.users.unit')}
            value={unit}
            onChange={(u) => {
              setUnit(u);
              setDone(false);
            }}
            invalid={touched && Boolean(unitProblem)}
            describedBy={`${id}-u`}
          />
          <FieldError id={`${id}-u`} message={touched ? unitProblem : null} />
        </div>
        <label className="field">
          {t('admin.calendar.period')}
          <select value={period} onChange={(e) => setPeriod(e.target.value)}>
            {candidates.map((p) => (
              <option key={p.period} value={p.period}>
                {formatPeriod(p.period, lang)}
              </option>
            ))}
          </select>
        </label>
        <div className="field wide-field">
          <label htmlFor={`${id}-r`}>{t('admin.calendar.reason')}</label>
          <textarea
            id={`${id}-r`}
            value={reason}
            rows={2}
            onChange={(e) => {
              setReason(e.target.value);
              setTouched(true);
              setDone(false);
            }}
            aria-invalid={touched && reasonProblem ? true : undefined}
            aria-describedby={`${id}-re`}
          />
          <FieldError id={`${id}-re`} message={touched ? reasonProblem : null} />
        </div>
        <div className="form-foot">
          {done && <p role="status">{t('admin.calendar.reopened')}</p>}
          <button type="submit">{t('admin.calendar.reopenSubmit')}</button>
        </div>
      </form>
      {confirm && unit && (
        <ConfirmDialog
          title={t('admin.calendar.reopen')}
          message={t('admin.calendar.confirmReopen', { period: formatPeriod(period, lang), unit: unit.name })}
          confirmLabel={t('admin.calendar.reopenSubmit')}
          busy={reopen.isPending}
          error={errorText(reopen.error, lang, t('common.networkError'))}
          onClose={() => {
            setConfirm(false);
            reopen.reset();
          }}
          onConfirm={() =>
            reopen.mutate(
              { unit: unit.code, period, reason: reason.trim() },
              {
                onSuccess: () => {
                  setConfirm(false);
                  setDone(true);
                  setReason('');
                },
              },
            )
          }
        />
      )}
    </section>
  );
}
