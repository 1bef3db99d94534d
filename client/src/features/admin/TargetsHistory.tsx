/**
 * A KPI's targets over time, unit by unit and tier by tier, and the correction of a past
 * period's target (with its reason): the lower half of the targets editor.
 */
import { useQuery } from '@tanstack/react-query';
import { addMonths, type KpiDetail, type TargetHistoryEntry, type TargetsReply, tierName } from '@tiendo/shared';
import { type FormEvent, useId, useState } from 'react';
import { formatDateTime, formatNumber, formatPercent, formatPeriod } from '../../i18n/format.ts';
import { useLang } from '../../i18n/index.ts';
import { periodsQuery } from '../catalog/queries.ts';
import { Dialog, DialogActions, FieldError } from './Dialog.tsx';
import { errorText, useCorrectTarget } from './mutations.ts';
import { TargetScopeFields, TargetValueFields } from './TargetsEditorFields.tsx';
import {
  type CorrectionDraft,
  type CorrectionProblems,
  correctionBody,
  correctionDraft,
  correctionProblems,
  heldAt,
  historyGroups,
  pastPeriods,
} from './targets-form.ts';

type Lang = 'vi' | 'en';

/** A target's value as the dashboard writes it: `80 %` for ratios, `928 dịch vụ` otherwise. */
function valueText(kpi: KpiDetail, value: number, lang: Lang): string {
  const digits = Number.isInteger(value) ? 0 : 2;
  if (kpi.kind === 'ratio') return formatPercent(value, lang, digits, []);
  return `${formatNumber(value, lang, digits)} ${lang === 'en' ? kpi.unitEn : kpi.unit}`;
}

/** Each unit's or tier's targets over time: from, to, value, deadline, who, when, why. */
export function TargetsHistory({ kpi, reply, canEdit }: { kpi: KpiDetail; reply: TargetsReply; canEdit: boolean }) {
  const { t, lang } = useLang();
  const id = useId();
  const [correcting, setCorrecting] = useState(false);
  const [done, setDone] = useState<string | null>(null);
  const groups = historyGroups(reply);
  const span = (h: TargetHistoryEntry) => {
    if (h.correction) return formatPeriod(h.from, lang);
    const from = h.from === null ? t('admin.targets.sinceStart') : t('admin.targets.fromPeriod', { period: formatPeriod(h.from, lang) });
    return h.to === null ? from : t('admin.targets.fromTo', { from, to: formatPeriod(h.to, lang) });
  };
  const line = (h: TargetHistoryEntry) =>
    t(h.removed ? 'admin.targets.removedLine' : 'admin.targets.valueLine', {
      value: valueText(kpi, h.value, lang),
      deadline: formatPeriod(h.deadline, lang),
    });
  return (
    <section className="panel" aria-labelledby={`${id}-h`}>
      <div className="panel-head">
        <h2 id={`${id}-h`}>{t('admin.targets.history')}</h2>
        {canEdit && (
          <button
            type="button"
            onClick={() => {
              setCorrecting(true);
              setDone(null);
            }}
            data-testid="target-correct"
          >
            {t('admin.targets.correction.open')}
          </button>
        )}
      </div>
      {done && <p role="status">{t('admin.targets.correction.done', { period: formatPeriod(done, lang) })}</p>}
      {groups.length === 0 && <p className="muted">{t('admin.targets.noHistory')}</p>}
      {groups.map((g) => (
        <div key={g.key} data-testid={`target-history-${g.key}`}>
          <h3>{g.unit ? `${g.unit.name} (${g.unit.code})` : t('admin.targets.allOfTier', { tier: tierName(g.level ?? 0, lang) })}</h3>
          <ol className="target-history">
            {g.entries.map((h) => (
              <li key={h.id} data-testid={`target-entry-${h.id}`}>
                <p>
                  <strong>{span(h)}</strong> {h.correction && <span className="badge">{t('admin.targets.correction.badge')}</span>}
                  {h.removed && <span className="badge">{t('admin.targets.removedBadge')}</span>}
                  {h.superseded && <span className="muted"> — {t('admin.targets.superseded')}</span>}
                </p>
                <p>{line(h)}</p>
                <p className="muted">
                  {t('admin.targets.by', { who: h.createdBy ?? t('admin.targets.system'), when: formatDateTime(h.createdAt, lang) })}
                  {h.reason && ` — ${t('admin.targets.why', { reason: h.reason })}`}
                </p>
              </li>
            ))}
          </ol>
        </div>
      ))}
      {correcting && (
        <CorrectionDialog
          kpi={kpi}
          reply={reply}
          onClose={() => setCorrecting(false)}
          onDone={(period) => {
            setCorrecting(false);
            setDone(period);
          }}
        />
      )}
    </section>
  );
}

/** "Sửa số liệu kỳ đã qua": one past period's target, with the reason, never the open period. */
function CorrectionDialog({
  kpi,
  reply,
  onClose,
  onDone,
}: {
  kpi: KpiDetail;
  reply: TargetsReply;
  onClose: () => void;
  onDone: (period: string) => void;
}) {
  const { t, lang } = useLang();
  const periods = useQuery(periodsQuery());
  const correct = useCorrectTarget(kpi.code);
  const id = useId();
  const first = reply.current[0];
  const [d, setD] = useState<CorrectionDraft>(() =>
    correctionDraft(reply, addMonths(reply.open, -1), {
      scope: first?.unit ? 'unit' : 'level',
      level: String(first?.level ?? 1),
      unit: first?.unit ?? null,
    }),
  );
  const [touched, setTouched] = useState(false);
  const problems = correctionProblems(d, reply);
  // From the programme's first period (the last year until the periods have loaded).
  const choices = pastPeriods(reply.open, periods.data?.[0]?.period ?? addMonths(reply.open, -12));
  // Changing the period or the unit/tier starts again from what held then.
  const rescope = (x: Partial<CorrectionDraft>) => {
    setD((old) => correctionDraft(reply, x.period ?? old.period, { scope: old.scope, level: old.level, unit: old.unit, ...x }, old.reason));
    correct.reset();
  };
  const edit = (x: Partial<CorrectionDraft>) => {
    setD((old) => ({ ...old, ...x }));
    correct.reset();
  };
  const held = heldAt(reply.history, d.scope === 'unit' ? `u${d.unit?.code ?? ''}` : `l${d.level}`, d.period);
  const shown = (k: keyof CorrectionProblems) => (problems[k] && (touched || k === 'period') ? t(problems[k] as string) : null);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    setTouched(true);
    if (Object.keys(problems).length) return;
    correct.mutate(correctionBody(d), { onSuccess: () => onDone(d.period) });
  };
  return (
    <Dialog title={t('admin.targets.correction.title')} onClose={onClose}>
      <p className="muted">{t('admin.targets.correction.intro')}</p>
      <form className="admin-form" onSubmit={submit} noValidate data-testid="target-correction">
        <label className="field">
          {t('admin.targets.correction.period')}
          <select value={d.period} onChange={(e) => rescope({ period: e.target.value })} data-testid="correction-period">
            {choices.map((p) => (
              <option key={p} value={p}>
                {formatPeriod(p, lang)}
              </option>
            ))}
          </select>
        </label>
        <TargetScopeFields
          value={d}
          onChange={rescope}
          tiers={4}
          unitInvalid={touched && Boolean(problems.unit)}
          unitError={shown('unit')}
          describedBy={`${id}-u`}
          allowEnded
        />
        <p className="muted" data-testid="correction-held">
          {held
            ? t('admin.targets.correction.held', { value: valueText(kpi, held.value, lang), deadline: formatPeriod(held.deadline, lang) })
            : t('admin.targets.correction.heldNone')}
        </p>
        <TargetValueFields
          kpi={kpi}
          id={id}
          value={d.value}
          deadline={d.deadline}
          onChange={edit}
          valueError={shown('value')}
          deadlineError={shown('deadline')}
          valueTestId="correction-value"
        />
        <div className="field">
          <label htmlFor={`${id}-r`}>{t('admin.targets.correction.reason')}</label>
          <textarea
            id={`${id}-r`}
            rows={2}
            value={d.reason}
            onChange={(e) => edit({ reason: e.target.value })}
            aria-invalid={touched && problems.reason ? true : undefined}
            aria-describedby={`${id}-re`}
            data-testid="correction-reason"
          />
          <FieldError id={`${id}-re`} message={shown('reason')} />
        </div>
        {touched && problems.same && (
          <p className="form-error" role="alert">
            {t(problems.same)}
          </p>
        )}
        {correct.error && (
          <p className="form-error" role="alert">
            {errorText(correct.error, lang, t('common.networkError'))}
          </p>
        )}
        <DialogActions
          onCancel={onClose}
          label={correct.isPending ? t('admin.saving') : t('admin.targets.correction.submit')}
          disabled={correct.isPending}
          testId="correction-save"
        />
      </form>
    </Dialog>
  );
}
