import { useQuery } from '@tanstack/react-query';
import { KPI_KINDS, type KpiDetail, RATIO_MODES, tierName } from '@tiendo/shared';
import { type FormEvent, useId, useState } from 'react';
import { QueryState } from '../../components/QueryState.tsx';
import { formatPeriod } from '../../i18n/format.ts';
import { useLang } from '../../i18n/index.ts';
import { kpisQuery, periodsQuery } from '../catalog/queries.ts';
import { ConfirmDialog, FieldError } from './Dialog.tsx';
import { ItemsEditor } from './ItemsEditor.tsx';
import { bodyOf, draftOf, type KpiDraft, kpiProblems, nextNewPeriod } from './kpi-form.ts';
import { errorText, useCreateKpi, useUpdateKpi } from './mutations.ts';
import { kpiDetailQuery } from './queries.ts';
import { TargetsEditor } from './TargetsEditor.tsx';
import { goAdmin } from './use-admin-route.ts';

export function KpiEditorPage({ code, canEdit }: { code: string | null; canEdit: boolean }) {
  const { t } = useLang();
  const detail = useQuery({ ...kpiDetailQuery(code ?? ''), enabled: code !== null });
  const back = (
    <p>
      <a
        href="/admin/kpis"
        onClick={(e) => {
          e.preventDefault();
          goAdmin({ tab: 'kpis', kpi: null, isNew: false });
        }}
      >
        ← {t('admin.kpis.backToList')}
      </a>
    </p>
  );
  if (code === null) {
    return (
      <>
        {back}
        <KpiForm kpi={null} canEdit={canEdit} />
      </>
    );
  }
  return (
    <>
      {back}
      <QueryState query={detail}>
        {(k) => (
          <>
            <KpiForm key={`${k.code}-${k.retiredFrom}`} kpi={k} canEdit={canEdit} />
            {k.kind === 'checklist' && <ItemsEditor kpi={k} canEdit={canEdit} />}
            <TargetsEditor kpi={k} canEdit={canEdit} />
          </>
        )}
      </QueryState>
    </>
  );
}

function KpiForm({ kpi, canEdit }: { kpi: KpiDetail | null; canEdit: boolean }) {
  const { t, lang } = useLang();
  const kpis = useQuery(kpisQuery());
  const periods = useQuery(periodsQuery());
  const groups = [...new Map((kpis.data ?? []).map((k) => [k.group, lang === 'en' ? k.groupNameEn : k.groupName])).entries()];
  const maxLevel = Math.max(4, ...(kpis.data ?? []).flatMap((k) => k.reportLevels));
  const levels = Array.from({ length: maxLevel }, (_, i) => i + 1);
  const [d, setD] = useState<KpiDraft>(() => draftOf(kpi, groups[0]?.[0] ?? ''));
  const [touched, setTouched] = useState<Set<string>>(new Set());
  const [submitted, setSubmitted] = useState(false);
  const [saved, setSaved] = useState(false);
  const [retiring, setRetiring] = useState<string | null>(null);
  const create = useCreateKpi();
  const update = useUpdateKpi(kpi?.code ?? '');
  const mutation = kpi ? update : create;
  const id = useId();
  const draft = { ...d, group: d.group || groups[0]?.[0] || '' };
  const problems = kpiProblems(draft, kpi === null);
  const show = (k: keyof KpiDraft) => ((touched.has(k) || submitted) && problems[k] ? t(problems[k] as string) : null);
  const set = <K extends keyof KpiDraft>(k: K, v: KpiDraft[K]) => {
    setD((x) => ({ ...x, [k]: v }));
    setTouched((x) => new Set(x).add(k));
    setSaved(false);
  };
  const kindLocked = kpi?.hasFigures ?? false;

  const submit = (e: FormEvent) => {
    e.preventDefault();
    setSubmitted(true);
    if (Object.keys(problems).length) return;
    const body = bodyOf(draft);
    if (!kpi) {
      create.mutate(body, { onSuccess: (k) => goAdmin({ tab: 'kpis', kpi: k.code, isNew: false }) });
      return;
    }
    const { code: _code, ...patch } = body;
    if (kindLocked) {
      delete (patch as Partial<typeof patch>).kind;
      delete (patch as Partial<typeof patch>).ratioMode;
    }
    update.mutate(patch, { onSuccess: () => setSaved(true) });
  };

  const text = (k: 'code' | 'name' | 'nameEn' | 'unit' | 'unitEn' | 'order', label: string, extra?: object) => (
    <div className="field">
      <label htmlFor={`${id}-${k}`}>{label}</label>
      <input
        id={`${id}-${k}`}
        name={k}
        value={draft[k]}
        disabled={!canEdit}
        onChange={(e) => set(k, e.target.value)}
        aria-invalid={show(k) ? true : undefined}
        aria-describedby={`${id}-${k}-e`}
        {...extra}
      />
      <FieldError id={`${id}-${k}-e`} message={show(k)} />
    </div>
  );

  return (
    <section className="panel" aria-labelledby={`${id}-h`}>
      <div className="panel-head">
        <h2 id={`${id}-h`}>{kpi ? (lang === 'en' ? kpi.nameEn : kpi.name) : t('admin.kpis.newTitle')}</h2>
        {kpi && (
          <span className="muted">
            {kpi.retiredFrom ? t('admin.kpis.retired', { period: formatPeriod(kpi.retiredFrom, lang) }) : t('admin.kpis.active')}
          </span>
        )}
      </div>
      <form className="admin-form two-col" onSubmit={submit} noValidate>
        {kpi === null && text('code', t('admin.kpis.code'), { autoCapitalize: 'none', spellCheck: false })}
        {text('name', t('admin.kpis.name'))}
        {text('nameEn', t('admin.kpis.nameEn'))}
        {text('unit', t('admin.kpis.unit'))}
        {text('unitEn', t('admin.kpis.unitEn'))}
        <div className="field">
          <label htmlFor={`${id}-kind`}>{t('admin.kpis.kind')}</label>
          <select
            id={`${id}-kind`}
            value={draft.kind}
            disabled={!canEdit || kindLocked}
            aria-describedby={kindLocked ? `${id}-kind-note` : undefined}
            onChange={(e) => set('kind', e.target.value as KpiDraft['kind'])}
          >
            {KPI_KINDS.map((k) => (
              <option key={k} value={k}>
                {t(`admin.kpis.kinds.${k}`)}
              </option>
            ))}
          </select>
          {kindLocked && (
            <span id={`${id}-kind-note`} className="muted">
              {t('admin.kpis.kindLocked')}
            </span>
          )}
        </div>
        {draft.kind === 'ratio' && (
          <div className="field">
            <label htmlFor={`${id}-mode`}>{t('admin.kpis.ratioMode')}</label>
            <select
              id={`${id}-mode`}
              value={draft.ratioMode}
              disabled={!canEdit || kindLocked}
              onChange={(e) => set('ratioMode', e.target.value as KpiDraft['ratioMode'])}
            >
              {RATIO_MODES.map((m) => (
                <option key={m} value={m}>
                  {t(`admin.kpis.ratioModes.${m}`)}
                </option>
              ))}
            </select>
          </div>
        )}
        <div className="field">
          <label htmlFor={`${id}-group`}>{t('admin.kpis.group')}</label>
          <select id={`${id}-group`} value={draft.group} disabled={!canEdit} onChange={(e) => set('group', e.target.value)}>
            {groups.map(([code, name]) => (
              <option key={code} value={code}>
                {name}
              </option>
            ))}
          </select>
        </div>
        {text('order', t('admin.kpis.order'), { inputMode: 'numeric' })}
        <fieldset className="field" aria-describedby={`${id}-reportLevels-e`}>
          <legend>{t('admin.kpis.levels')}</legend>
          <span className="checks">
            {levels.map((l) => (
              <label key={l}>
                <input
                  type="checkbox"
                  checked={draft.reportLevels.includes(l)}
                  disabled={!canEdit}
                  onChange={(e) =>
                    set('reportLevels', e.target.checked ? [...draft.reportLevels, l] : draft.reportLevels.filter((x) => x !== l))
                  }
                />{' '}
                {tierName(l, lang)}
              </label>
            ))}
          </span>
          <FieldError id={`${id}-reportLevels-e`} message={show('reportLevels')} />
        </fieldset>
        <div className="field">
          <label htmlFor={`${id}-dir`}>{t('admin.kpis.direction')}</label>
          <select
            id={`${id}-dir`}
            value={draft.higherIsBetter ? 'up' : 'down'}
            disabled={!canEdit}
            onChange={(e) => set('higherIsBetter', e.target.value === 'up')}
          >
            <option value="up">{t('admin.kpis.higherBetter')}</option>
            <option value="down">{t('admin.kpis.lowerBetter')}</option>
          </select>
        </div>
        <div className="form-foot">
          {submitted && Object.keys(problems).length > 0 && (
            <p className="form-error" role="alert">
              {t('admin.fixErrors')}
            </p>
          )}
          {mutation.error && (
            <p className="form-error" role="alert">
              {errorText(mutation.error, lang, t('common.networkError'))}
            </p>
          )}
          {saved && <p role="status">{t('admin.saved')}</p>}
          {canEdit && (
            <div className="dialog-actions">
              {kpi &&
                (kpi.retiredFrom ? (
                  <button type="button" onClick={() => update.mutate({ retiredFrom: null })}>
                    {t('admin.kpis.unretire')}
                  </button>
                ) : (
                  <button type="button" onClick={() => setRetiring(nextNewPeriod(periods.data ?? []) ?? '')}>
                    {t('admin.kpis.retire')}
                  </button>
                ))}
              <button type="submit" className="primary" disabled={mutation.isPending} data-testid="kpi-save">
                {mutation.isPending ? t('admin.saving') : t('admin.save')}
              </button>
            </div>
          )}
        </div>
      </form>
      {kpi && retiring !== null && (
        <ConfirmDialog
          title={t('admin.kpis.retire')}
          message={t('admin.kpis.confirmRetire', { name: lang === 'en' ? kpi.nameEn : kpi.name, period: formatPeriod(retiring, lang) })}
          confirmLabel={t('admin.confirm')}
          busy={update.isPending}
          error={errorText(update.error, lang, t('common.networkError'))}
          onClose={() => setRetiring(null)}
          onConfirm={() => update.mutate({ retiredFrom: retiring }, { onSuccess: () => setRetiring(null) })}
        >
          <label className="field">
            {t('admin.kpis.retireFrom')}
            <select value={retiring} onChange={(e) => setRetiring(e.target.value)}>
              {(periods.data ?? [])
                .filter((p) => p.state !== 'closed')
                .map((p) => (
                  <option key={p.period} value={p.period}>
                    {formatPeriod(p.period, lang)}
                  </option>
                ))}
            </select>
          </label>
        </ConfirmDialog>
      )}
    </section>
  );
}
