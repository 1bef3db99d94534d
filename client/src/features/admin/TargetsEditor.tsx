import { useQuery } from '@tanstack/react-query';
import { addMonths, type KpiDetail, type TargetHistoryEntry, type TargetInput, type TargetsReply, tierName } from '@tiendo/shared';
import { type FormEvent, useId, useState } from 'react';
import { QueryState } from '../../components/QueryState.tsx';
import { formatDateTime, formatNumber, formatPercent, formatPeriod } from '../../i18n/format.ts';
import { useLang } from '../../i18n/index.ts';
import { kpisQuery, periodsQuery } from '../catalog/queries.ts';
import { Dialog, FieldError } from './Dialog.tsx';
import { errorText, useCorrectTarget, usePutTargets } from './mutations.ts';
import { targetsQuery } from './queries.ts';
import {
  bodyOfTargets,
  type CorrectionDraft,
  type CorrectionProblems,
  correctionBody,
  correctionDraft,
  correctionProblems,
  droppedScopes,
  fromChoices,
  heldAt,
  historyGroups,
  newRowKey,
  pastPeriods,
  rowsOf,
  type TargetRow,
  targetProblems,
} from './targets-form.ts';
import { UnitPicker } from './UnitPicker.tsx';

type Lang = 'vi' | 'en';

/** A target's value as the dashboard writes it: `80 %` for ratios, `928 dịch vụ` otherwise. */
function valueText(kpi: KpiDetail, value: number, lang: Lang): string {
  const digits = Number.isInteger(value) ? 0 : 2;
  if (kpi.kind === 'ratio') return formatPercent(value, lang, digits, []);
  return `${formatNumber(value, lang, digits)} ${lang === 'en' ? kpi.unitEn : kpi.unit}`;
}

export function TargetsEditor({ kpi, canEdit }: { kpi: KpiDetail; canEdit: boolean }) {
  const { t, lang } = useLang();
  const targets = useQuery(targetsQuery(kpi.code));
  // Held here, not in the form: a write re-creates the form, and the write's outcome must outlive it.
  const put = usePutTargets(kpi.code);
  const id = useId();
  const [saved, setSaved] = useState<string | null>(null);
  return (
    <>
      <section className="panel" aria-labelledby={`${id}-h`}>
        <h2 id={`${id}-h`}>{t('admin.targets.heading')}</h2>
        <p className="muted">{t('admin.targets.intro')}</p>
        <QueryState query={targets}>
          {(reply) => (
            // A fresh form after each write: it shows what is in force at the open period.
            <TargetsForm
              key={`${kpi.code}:${reply.history.at(-1)?.id ?? 0}:${reply.history.length}`}
              kpi={kpi}
              reply={reply}
              canEdit={canEdit}
              put={put}
              onSave={(body, from) => put.mutate(body, { onSuccess: () => setSaved(from) })}
              onEdit={() => setSaved(null)}
            />
          )}
        </QueryState>
        {saved && <p role="status">{t('admin.targets.savedFrom', { period: formatPeriod(saved, lang) })}</p>}
      </section>
      <QueryState query={targets}>{(reply) => <TargetsHistory kpi={kpi} reply={reply} canEdit={canEdit} />}</QueryState>
    </>
  );
}

function TargetsForm({
  kpi,
  reply,
  canEdit,
  put,
  onSave,
  onEdit,
}: {
  kpi: KpiDetail;
  reply: TargetsReply;
  canEdit: boolean;
  put: ReturnType<typeof usePutTargets>;
  onSave: (body: TargetInput[], from: string) => void;
  onEdit: () => void;
}) {
  const { t, lang } = useLang();
  const kpis = useQuery(kpisQuery());
  const [rows, setRows] = useState<TargetRow[]>(() => rowsOf(reply));
  const [from, setFrom] = useState(reply.open);
  const id = useId();
  const problems = targetProblems(rows);
  const invalid = problems.some((p) => Object.keys(p).length > 0);
  const maxLevel = Math.max(4, ...(kpis.data ?? []).flatMap((k) => k.reportLevels));
  const dropped = droppedScopes(reply, rows);
  const edit = (i: number, patch: Partial<TargetRow>) => {
    setRows((rs) => rs.map((r, j) => (j === i ? { ...r, ...patch } : r)));
    onEdit();
  };
  const msg = (k: string | undefined) => (k ? t(k) : null);

  return (
    <>
      <p>{t('admin.targets.inForce', { period: formatPeriod(reply.open, lang) })}</p>
      {rows.length === 0 && <p className="empty">{t('admin.targets.none')}</p>}
      <ul className="target-rows" data-testid="targets">
        {rows.map((r, i) => (
          <li key={r.key} className="target-row">
            <label className="field">
              {t('admin.targets.scope')}
              <select value={r.scope} disabled={!canEdit} onChange={(e) => edit(i, { scope: e.target.value as TargetRow['scope'] })}>
                <option value="level">{t('admin.targets.forLevel')}</option>
                <option value="unit">{t('admin.targets.forUnit')}</option>
              </select>
            </label>
            {r.scope === 'level' ? (
              <label className="field">
                {t('admin.targets.tier')}
                <select value={r.level} disabled={!canEdit} onChange={(e) => edit(i, { level: e.target.value })}>
                  {Array.from({ length: maxLevel }, (_, l) => l + 1).map((n) => (
                    <option key={n} value={String(n)}>
                      {tierName(n, lang)}
                    </option>
                  ))}
                </select>
              </label>
            ) : (
              <div>
                <UnitPicker
                  label={t('admin.users.unit')}
                  value={r.unit}
                  onChange={(u) => edit(i, { unit: u })}
                  invalid={Boolean(problems[i]?.unit)}
                  describedBy={`${id}-${r.key}-u`}
                />
                <FieldError id={`${id}-${r.key}-u`} message={msg(problems[i]?.unit ?? problems[i]?.row)} />
              </div>
            )}
            <div className="field">
              <label htmlFor={`${id}-${r.key}-v`}>
                {t('admin.targets.value')} ({lang === 'en' ? kpi.unitEn : kpi.unit})
              </label>
              <input
                id={`${id}-${r.key}-v`}
                inputMode="decimal"
                value={r.value}
                disabled={!canEdit}
                onChange={(e) => edit(i, { value: e.target.value })}
                aria-invalid={problems[i]?.value ? true : undefined}
                aria-describedby={`${id}-${r.key}-ve`}
                data-testid="target-value"
              />
              <FieldError id={`${id}-${r.key}-ve`} message={msg(problems[i]?.value)} />
            </div>
            <div className="field">
              <label htmlFor={`${id}-${r.key}-d`}>{t('admin.targets.deadline')}</label>
              <input
                id={`${id}-${r.key}-d`}
                value={r.deadline}
                placeholder="YYYY-MM"
                disabled={!canEdit}
                onChange={(e) => edit(i, { deadline: e.target.value })}
                aria-invalid={problems[i]?.deadline ? true : undefined}
                aria-describedby={`${id}-${r.key}-de`}
              />
              <FieldError
                id={`${id}-${r.key}-de`}
                message={msg(problems[i]?.deadline ?? (r.scope === 'level' ? problems[i]?.row : undefined))}
              />
            </div>
            {canEdit && (
              <button type="button" onClick={() => setRows((rs) => rs.filter((_, j) => j !== i))}>
                {t('admin.remove')}
              </button>
            )}
          </li>
        ))}
      </ul>
      {canEdit && (
        <>
          <div className="field">
            <label htmlFor={`${id}-from`}>{t('admin.targets.from')}</label>
            <select
              id={`${id}-from`}
              value={from}
              onChange={(e) => {
                setFrom(e.target.value);
                onEdit();
              }}
              aria-describedby={`${id}-from-h`}
              data-testid="targets-from"
            >
              {fromChoices(reply.open).map((p) => (
                <option key={p} value={p}>
                  {formatPeriod(p, lang)}
                  {p === reply.open ? ` (${t('admin.targets.openNow')})` : ''}
                </option>
              ))}
            </select>
            <span id={`${id}-from-h`} className="muted">
              {t('admin.targets.fromHelp', { period: formatPeriod(from, lang) })}
            </span>
          </div>
          {dropped > 0 && from !== reply.open && (
            <p className="muted">{t('admin.targets.droppedNote', { period: formatPeriod(reply.open, lang) })}</p>
          )}
          {put.error && (
            <p className="form-error" role="alert">
              {errorText(put.error, lang, t('common.networkError'))}
            </p>
          )}
          <div className="dialog-actions">
            <button
              type="button"
              onClick={() =>
                setRows((rs) => [...rs, { key: newRowKey(), scope: 'level', level: '1', unit: null, value: '', deadline: '' }])
              }
            >
              {t('admin.targets.add')}
            </button>
            <button
              type="button"
              className="primary"
              disabled={invalid || put.isPending}
              onClick={() => onSave(bodyOfTargets(rows, from), from)}
              data-testid="targets-save"
            >
              {put.isPending ? t('admin.saving') : t('admin.targets.save')}
            </button>
          </div>
        </>
      )}
    </>
  );
}

/** Each unit's or tier's targets over time: from, to, value, deadline, who, when, why. */
function TargetsHistory({ kpi, reply, canEdit }: { kpi: KpiDetail; reply: TargetsReply; canEdit: boolean }) {
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
        <label className="field">
          {t('admin.targets.scope')}
          <select value={d.scope} onChange={(e) => rescope({ scope: e.target.value as CorrectionDraft['scope'] })}>
            <option value="level">{t('admin.targets.forLevel')}</option>
            <option value="unit">{t('admin.targets.forUnit')}</option>
          </select>
        </label>
        {d.scope === 'level' ? (
          <label className="field">
            {t('admin.targets.tier')}
            <select value={d.level} onChange={(e) => rescope({ level: e.target.value })}>
              {[1, 2, 3, 4].map((n) => (
                <option key={n} value={String(n)}>
                  {tierName(n, lang)}
                </option>
              ))}
            </select>
          </label>
        ) : (
          <div>
            <UnitPicker
              label={t('admin.users.unit')}
              value={d.unit}
              onChange={(u) => rescope({ unit: u })}
              invalid={touched && Boolean(problems.unit)}
              describedBy={`${id}-u`}
              allowEnded
            />
            <FieldError id={`${id}-u`} message={shown('unit')} />
          </div>
        )}
        <p className="muted" data-testid="correction-held">
          {held
            ? t('admin.targets.correction.held', { value: valueText(kpi, held.value, lang), deadline: formatPeriod(held.deadline, lang) })
            : t('admin.targets.correction.heldNone')}
        </p>
        <div className="field">
          <label htmlFor={`${id}-v`}>
            {t('admin.targets.value')} ({lang === 'en' ? kpi.unitEn : kpi.unit})
          </label>
          <input
            id={`${id}-v`}
            inputMode="decimal"
            value={d.value}
            onChange={(e) => edit({ value: e.target.value })}
            aria-invalid={touched && problems.value ? true : undefined}
            aria-describedby={`${id}-ve`}
            data-testid="correction-value"
          />
          <FieldError id={`${id}-ve`} message={shown('value')} />
        </div>
        <div className="field">
          <label htmlFor={`${id}-d`}>{t('admin.targets.deadline')}</label>
          <input
            id={`${id}-d`}
            value={d.deadline}
            placeholder="YYYY-MM"
            onChange={(e) => edit({ deadline: e.target.value })}
            aria-invalid={touched && problems.deadline ? true : undefined}
            aria-describedby={`${id}-de`}
          />
          <FieldError id={`${id}-de`} message={shown('deadline')} />
        </div>
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
        <div className="dialog-actions">
          <button type="button" onClick={onClose}>
            {t('admin.cancel')}
          </button>
          <button type="submit" className="primary" disabled={correct.isPending} data-testid="correction-save">
            {correct.isPending ? t('admin.saving') : t('admin.targets.correction.submit')}
          </button>
        </div>
      </form>
    </Dialog>
  );
}
