/**
 * The reporting calendar's page: its settings (cut-off day, deadline, grace) as they apply from a
 * period on, their history, the periods they make (PeriodsCalendar.tsx) and the reopening of one
 * report (ReopenForm.tsx).
 */
import { useQuery } from '@tanstack/react-query';
import { addMonths, type CalendarEntry, type PeriodInfo, type ReportingSettingsReply } from '@tiendo/shared';
import { type FormEvent, useId, useState } from 'react';
import { QueryState } from '../../components/QueryState.tsx';
import { formatDateTime, formatPeriod } from '../../i18n/format.ts';
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
import { FieldError } from './Dialog.tsx';
import { errorText, usePutReportingSettings } from './mutations.ts';
import { PeriodsCalendar } from './PeriodsCalendar.tsx';
import { reportingSettingsQuery } from './queries.ts';
import { ReopenForm } from './ReopenForm.tsx';

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
