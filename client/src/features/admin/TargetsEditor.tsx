import { useQuery } from '@tanstack/react-query';
import type { KpiDetail, TargetsReply } from '@tiendo/shared';
import { useId, useState } from 'react';
import { QueryState } from '../../components/QueryState.tsx';
import { useLang } from '../../i18n/index.ts';
import { kpisQuery } from '../catalog/queries.ts';
import { FieldError } from './Dialog.tsx';
import { errorText, usePutTargets } from './mutations.ts';
import { targetsQuery } from './queries.ts';
import { bodyOfTargets, newRowKey, rowsOf, type TargetRow, targetProblems } from './targets-form.ts';
import { tierLabel } from './tier.ts';
import { UnitPicker } from './UnitPicker.tsx';

export function TargetsEditor({ kpi, canEdit }: { kpi: KpiDetail; canEdit: boolean }) {
  const { t } = useLang();
  const targets = useQuery(targetsQuery(kpi.code));
  const id = useId();
  return (
    <section className="panel" aria-labelledby={`${id}-h`}>
      <h2 id={`${id}-h`}>{t('admin.targets.heading')}</h2>
      <p className="muted">{t('admin.targets.intro')}</p>
      <QueryState query={targets}>{(reply) => <TargetsForm key={kpi.code} kpi={kpi} reply={reply} canEdit={canEdit} />}</QueryState>
    </section>
  );
}

function TargetsForm({ kpi, reply, canEdit }: { kpi: KpiDetail; reply: TargetsReply; canEdit: boolean }) {
  const { t, lang } = useLang();
  const kpis = useQuery(kpisQuery());
  const put = usePutTargets(kpi.code);
  const [rows, setRows] = useState<TargetRow[]>(() => rowsOf(reply));
  const [saved, setSaved] = useState(false);
  const id = useId();
  const problems = targetProblems(rows);
  const invalid = problems.some((p) => Object.keys(p).length > 0);
  const maxLevel = Math.max(4, ...(kpis.data ?? []).flatMap((k) => k.reportLevels));
  const edit = (i: number, patch: Partial<TargetRow>) => {
    setRows((rs) => rs.map((r, j) => (j === i ? { ...r, ...patch } : r)));
    setSaved(false);
  };
  const msg = (k: string | undefined) => (k ? t(k) : null);

  return (
    <>
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
                      {tierLabel(t, n)}
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
                <FieldError id={`${id}-${r.key}-u`} message={msg(problems[i]?.unit)} />
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
              <FieldError id={`${id}-${r.key}-de`} message={msg(problems[i]?.deadline ?? problems[i]?.row)} />
            </div>
            {canEdit && (
              <button type="button" onClick={() => setRows((rs) => rs.filter((_, j) => j !== i))}>
                {t('admin.remove')}
              </button>
            )}
          </li>
        ))}
      </ul>
      {put.error && (
        <p className="form-error" role="alert">
          {errorText(put.error, lang, t('common.networkError'))}
        </p>
      )}
      {saved && <p role="status">{t('admin.saved')}</p>}
      {canEdit && (
        <div className="dialog-actions">
          <button
            type="button"
            onClick={() => setRows((rs) => [...rs, { key: newRowKey(), scope: 'level', level: '1', unit: null, value: '', deadline: '' }])}
          >
            {t('admin.targets.add')}
          </button>
          <button
            type="button"
            className="primary"
            disabled={invalid || put.isPending}
            onClick={() => put.mutate(bodyOfTargets(rows), { onSuccess: () => setSaved(true) })}
            data-testid="targets-save"
          >
            {put.isPending ? t('admin.saving') : t('admin.targets.save')}
          </button>
        </div>
      )}
    </>
  );
}
