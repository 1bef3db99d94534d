import { useQuery } from '@tanstack/react-query';
import type { KpiDetail, TargetInput, TargetsReply } from '@tiendo/shared';
import { useId, useState } from 'react';
import { QueryState } from '../../components/QueryState.tsx';
import { formatPeriod } from '../../i18n/format.ts';
import { useLang } from '../../i18n/index.ts';
import { kpisQuery } from '../catalog/queries.ts';
import { errorText, usePutTargets } from './mutations.ts';
import { targetsQuery } from './queries.ts';
import { TargetScopeFields, TargetValueFields } from './TargetsEditorFields.tsx';
import { TargetsHistory } from './TargetsHistory.tsx';
import { bodyOfTargets, droppedScopes, fromChoices, newRowKey, rowsOf, type TargetRow, targetProblems } from './targets-form.ts';

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
            <TargetScopeFields
              value={r}
              onChange={(patch) => edit(i, patch)}
              tiers={maxLevel}
              disabled={!canEdit}
              unitInvalid={Boolean(problems[i]?.unit)}
              unitError={msg(problems[i]?.unit ?? problems[i]?.row)}
              describedBy={`${id}-${r.key}-u`}
            />
            <TargetValueFields
              kpi={kpi}
              id={`${id}-${r.key}`}
              value={r.value}
              deadline={r.deadline}
              onChange={(patch) => edit(i, patch)}
              disabled={!canEdit}
              valueError={msg(problems[i]?.value)}
              deadlineError={msg(problems[i]?.deadline ?? (r.scope === 'level' ? problems[i]?.row : undefined))}
              valueTestId="target-value"
            />
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
