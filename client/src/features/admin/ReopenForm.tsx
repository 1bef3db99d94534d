/** Reopening one unit's report of a closed period, with the reason for the record. */
import type { PeriodInfo, UnitRef } from '@tiendo/shared';
import { type FormEvent, useId, useState } from 'react';
import { formatPeriod } from '../../i18n/format.ts';
import { useLang } from '../../i18n/index.ts';
import { ConfirmDialog, FieldError } from './Dialog.tsx';
import { errorText, useReopenReport } from './mutations.ts';
import { UnitPicker } from './UnitPicker.tsx';

/** Uses the report workflow's own reopen route; the calendar only offers it in one place. */
export function ReopenForm({ periods }: { periods: PeriodInfo[] }) {
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
