import { useQuery } from '@tanstack/react-query';
import type { PeriodInfo, ReportingSettingsReply, UnitRef } from '@tiendo/shared';
import { type FormEvent, useId, useState } from 'react';
import { QueryState } from '../../components/QueryState.tsx';
import { TableScroll } from '../../components/TableScroll.tsx';
import { useLang } from '../../i18n/index.ts';
import { periodsQuery } from '../catalog/queries.ts';
import { type CalendarDraft, calendarProblems } from './calendar-form.ts';
import { ConfirmDialog, FieldError } from './Dialog.tsx';
import { errorText, useOpenPeriod, usePutReportingSettings, useReopenReport } from './mutations.ts';
import { reportingSettingsQuery } from './queries.ts';
import { UnitPicker } from './UnitPicker.tsx';

export function CalendarPanel({ canEdit }: { canEdit: boolean }) {
  const settings = useQuery(reportingSettingsQuery());
  const periods = useQuery(periodsQuery());
  return (
    <>
      <QueryState query={settings}>{(s) => <SettingsForm key={JSON.stringify(s)} settings={s} canEdit={canEdit} />}</QueryState>
      <QueryState query={periods}>{(p) => <PeriodsCalendar periods={p} canEdit={canEdit} />}</QueryState>
      <QueryState query={periods}>{(p) => <ReopenForm periods={p} />}</QueryState>
    </>
  );
}

function SettingsForm({ settings, canEdit }: { settings: ReportingSettingsReply; canEdit: boolean }) {
  const { t, lang } = useLang();
  const put = usePutReportingSettings();
  const id = useId();
  const [d, setD] = useState<CalendarDraft>({
    cutoffDay: String(settings.cutoffDay),
    deadlineDays: String(settings.deadlineDays),
    graceDays: String(settings.graceDays),
  });
  const [saved, setSaved] = useState(false);
  const problems = calendarProblems(d);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (Object.keys(problems).length) return;
    put.mutate(
      { cutoffDay: Number(d.cutoffDay), deadlineDays: Number(d.deadlineDays), graceDays: Number(d.graceDays) },
      { onSuccess: () => setSaved(true) },
    );
  };
  const field = (k: keyof CalendarDraft, label: string, help?: string) => (
    <div className="field">
      <label htmlFor={`${id}-${k}`}>{label}</label>
      <input
        id={`${id}-${k}`}
        inputMode="numeric"
        value={d[k]}
        disabled={!canEdit}
        onChange={(e) => {
          setD((x) => ({ ...x, [k]: e.target.value }));
          setSaved(false);
        }}
        aria-invalid={problems[k] ? true : undefined}
        aria-describedby={help ? `${id}-${k}-e ${id}-${k}-h` : `${id}-${k}-e`}
        data-testid={`calendar-${k}`}
      />
      {help && (
        <span id={`${id}-${k}-h`} className="muted">
          {help}
        </span>
      )}
      <FieldError id={`${id}-${k}-e`} message={problems[k] ? t(problems[k] as string) : null} />
    </div>
  );
  return (
    <section className="panel" aria-labelledby={`${id}-h`}>
      <h2 id={`${id}-h`}>{t('admin.calendar.heading')}</h2>
      <form className="admin-form three-col" onSubmit={submit} noValidate>
        {field('cutoffDay', t('admin.calendar.cutoffDay'), t('admin.calendar.cutoffHelp'))}
        {field('deadlineDays', t('admin.calendar.deadlineDays'))}
        {field('graceDays', t('admin.calendar.graceDays'))}
        <div className="form-foot">
          {put.error && (
            <p className="form-error" role="alert">
              {errorText(put.error, lang, t('common.networkError'))}
            </p>
          )}
          {saved && <p role="status">{t('admin.saved')}</p>}
          {canEdit && (
            <button type="submit" className="primary" disabled={put.isPending || Object.keys(problems).length > 0}>
              {put.isPending ? t('admin.saving') : t('admin.save')}
            </button>
          )}
        </div>
      </form>
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
            {t('admin.calendar.openNext', { period: next })}
          </button>
        )}
      </div>
      {opened && <p role="status">{t('admin.calendar.opened', { period: opened })}</p>}
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
                <th scope="row">{p.period}</th>
                <td>{p.from}</td>
                <td>{p.to}</td>
                <td>{p.deadline}</td>
                <td>{p.lockAfter}</td>
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
          title={t('admin.calendar.openNext', { period: confirm })}
          message={t('admin.calendar.confirmOpen', { period: confirm })}
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
                {p.period}
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
          message={t('admin.calendar.confirmReopen', { period, unit: unit.name })}
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
