import { useQuery } from '@tanstack/react-query';
import type { KpiDetail, KpiItemInput } from '@tiendo/shared';
import { useId, useState } from 'react';
import { TableScroll } from '../../components/TableScroll.tsx';
import { formatPeriod } from '../../i18n/format.ts';
import { useLang } from '../../i18n/index.ts';
import { periodsQuery } from '../catalog/queries.ts';
import { ConfirmDialog, FieldError } from './Dialog.tsx';
import { nextNewPeriod } from './kpi-form.ts';
import { errorText, useUpdateKpi } from './mutations.ts';

interface Row {
  code: string | undefined;
  name: string;
  lead: string;
  retiredFrom: string | null;
}

/** Rename, add and retire the items of a checklist KPI; items are never deleted. */
export function ItemsEditor({ kpi, canEdit }: { kpi: KpiDetail; canEdit: boolean }) {
  const { t, lang } = useLang();
  const periods = useQuery(periodsQuery());
  const update = useUpdateKpi(kpi.code);
  const id = useId();
  const initial = () => kpi.items.map((i): Row => ({ code: i.code, name: i.name, lead: i.lead ?? '', retiredFrom: i.retiredFrom }));
  const [rows, setRows] = useState<Row[]>(initial);
  const [retiring, setRetiring] = useState<number | null>(null);
  const [saved, setSaved] = useState(false);
  const edit = (i: number, patch: Partial<Row>) => {
    setRows((rs) => rs.map((r, j) => (j === i ? { ...r, ...patch } : r)));
    setSaved(false);
  };
  const empty = rows.map((r) => !r.name.trim());
  const save = (list: Row[]) => {
    if (list.some((r) => !r.name.trim())) return;
    const items: KpiItemInput[] = list.map((r) => ({
      ...(r.code ? { code: r.code } : {}),
      name: r.name.trim(),
      lead: r.lead.trim() || null,
      retiredFrom: r.retiredFrom,
    }));
    update.mutate(
      { items },
      {
        onSuccess: (k) => {
          setRows(k.items.map((i) => ({ code: i.code, name: i.name, lead: i.lead ?? '', retiredFrom: i.retiredFrom })));
          setSaved(true);
        },
      },
    );
  };
  const retiringRow = retiring === null ? null : rows[retiring];
  const retirePeriod = nextNewPeriod(periods.data ?? []) ?? '';

  return (
    <section className="panel" aria-labelledby={`${id}-h`}>
      <h2 id={`${id}-h`}>{t('admin.kpis.items')}</h2>
      <TableScroll label={t('admin.kpis.items')}>
        <table>
          <thead>
            <tr>
              <th scope="col">#</th>
              <th scope="col">{t('admin.kpis.itemName')}</th>
              <th scope="col">{t('admin.kpis.itemLead')}</th>
              <th scope="col">{t('admin.kpis.state')}</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r, i) => (
              <tr key={r.code ?? `new-${i}`} className={r.retiredFrom ? 'muted' : undefined}>
                <td>{r.code ?? '+'}</td>
                <td>
                  <input
                    aria-label={`${t('admin.kpis.itemName')} ${i + 1}`}
                    value={r.name}
                    disabled={!canEdit}
                    onChange={(e) => edit(i, { name: e.target.value })}
                    aria-invalid={empty[i] || undefined}
                    aria-describedby={`${id}-e${i}`}
                    className="wide"
                  />
                  <FieldError id={`${id}-e${i}`} message={empty[i] ? t('admin.kpis.required') : null} />
                </td>
                <td>
                  <input
                    aria-label={`${t('admin.kpis.itemLead')} ${i + 1}`}
                    value={r.lead}
                    disabled={!canEdit}
                    onChange={(e) => edit(i, { lead: e.target.value })}
                  />
                </td>
                <td>
                  {r.retiredFrom ? (
                    <>
                      {t('admin.kpis.itemRetired', { period: formatPeriod(r.retiredFrom, lang) })}{' '}
                      {canEdit && (
                        <button type="button" className="link-button" onClick={() => edit(i, { retiredFrom: null })}>
                          {t('admin.kpis.unretire')}
                        </button>
                      )}
                    </>
                  ) : (
                    canEdit &&
                    r.code && (
                      <button type="button" onClick={() => setRetiring(i)}>
                        {t('admin.kpis.retireItem')}
                        <span className="visually-hidden"> {r.name}</span>
                      </button>
                    )
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </TableScroll>
      {update.error && (
        <p className="form-error" role="alert">
          {errorText(update.error, lang, t('common.networkError'))}
        </p>
      )}
      {saved && <p role="status">{t('admin.saved')}</p>}
      {canEdit && (
        <div className="dialog-actions">
          <button type="button" onClick={() => setRows((rs) => [...rs, { code: undefined, name: '', lead: '', retiredFrom: null }])}>
            {t('admin.kpis.addItem')}
          </button>
          <button type="button" className="primary" disabled={update.isPending || empty.some(Boolean)} onClick={() => save(rows)}>
            {update.isPending ? t('admin.saving') : t('admin.save')}
          </button>
        </div>
      )}
      {retiringRow && retiring !== null && (
        <ConfirmDialog
          title={t('admin.kpis.retireItem')}
          message={t('admin.kpis.confirmRetireItem', { name: retiringRow.name, period: formatPeriod(retirePeriod, lang) })}
          confirmLabel={t('admin.confirm')}
          busy={update.isPending}
          onClose={() => setRetiring(null)}
          onConfirm={() => {
            const next = rows.map((r, j) => (j === retiring ? { ...r, retiredFrom: retirePeriod } : r));
            setRows(next);
            setRetiring(null);
            save(next);
          }}
        />
      )}
    </section>
  );
}
