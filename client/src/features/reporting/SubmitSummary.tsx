import type { ReportReply } from '@tiendo/shared';
import { useEffect, useRef } from 'react';
import { useItemText } from '../../api/errors.ts';
import { formatNumber, formatPeriod, formatSigned } from '../../i18n/format.ts';
import { useLang } from '../../i18n/index.ts';
import { kpiName } from '../dashboard/view.ts';
import { type FormState, valueFromInput } from './report-form.ts';
import { changeFromPrevious, type SummaryChange } from './report-view.ts';
import { valueText } from './value-text.ts';

/**
 * The last look before a report goes up: each figure beside last month's and how it moved, the
 * flagged figures with their explanations, the difficulties. A modal dialog, so the one press
 * that counts the figures on every dashboard is a deliberate one.
 */
export function SubmitSummary({
  report,
  form,
  onConfirm,
  onCancel,
}: {
  report: ReportReply;
  form: FormState;
  onConfirm: () => void;
  onCancel: () => void;
}) {
  const { t, lang } = useLang();
  const itemText = useItemText();
  const ref = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const d = ref.current;
    if (d && !d.open) d.showModal();
    return () => d?.close();
  }, []);

  const change = (c: SummaryChange) => {
    switch (c.kind) {
      case 'none':
        return '—';
      case 'first':
        return t('reporting.confirm.first');
      case 'number':
        return c.delta === 0 ? t('reporting.confirm.same') : formatSigned(c.delta, lang);
      case 'points':
        return Math.abs(c.delta) < 0.05
          ? t('reporting.confirm.same')
          : t('reporting.confirm.points', { delta: formatSigned(c.delta, lang, 1) });
      case 'items':
        return c.added === 0 && c.removed === 0
          ? t('reporting.confirm.same')
          : t('reporting.confirm.items', { added: formatNumber(c.added, lang), removed: formatNumber(c.removed, lang) });
    }
  };
  const difficulties = form.notes.difficulties.trim();

  return (
    <dialog
      ref={ref}
      className="submit-summary"
      aria-labelledby="submit-summary-heading"
      onCancel={(e) => {
        e.preventDefault();
        onCancel();
      }}
      data-testid="submit-summary"
    >
      <h2 id="submit-summary-heading">{t('reporting.confirm.heading', { period: formatPeriod(report.period, lang) })}</h2>
      <p>{t('reporting.confirm.intro')}</p>
      <div className="summary-scroll">
        <table className="compact-table summary-table">
          <thead>
            <tr>
              <th scope="col">{t('reporting.confirm.kpi')}</th>
              <th scope="col" className="num">
                {t('reporting.confirm.value')}
              </th>
              <th scope="col" className="num">
                {t('reporting.confirm.previous')}
              </th>
              <th scope="col" className="num">
                {t('reporting.confirm.change')}
              </th>
            </tr>
          </thead>
          <tbody>
            {report.kpis.map((k) => {
              const raw = valueFromInput(form.values[k.code]);
              const now = raw === 'invalid' ? null : raw;
              return (
                <tr key={k.code} data-testid={`summary-${k.code}`}>
                  <th scope="row">{kpiName(k, lang)}</th>
                  <td className="num">{now === null ? t('reporting.confirm.empty') : valueText(k, now, lang)}</td>
                  <td className="num">{valueText(k, k.previous, lang)}</td>
                  <td className="num">{change(changeFromPrevious(k.previous, now))}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
      {report.flags.length > 0 && (
        <section aria-labelledby="summary-flags-heading">
          <h3 id="summary-flags-heading">{t('reporting.confirm.flags')}</h3>
          <ul className="summary-flags">
            {report.flags.map((f) => {
              const k = report.kpis.find((x) => x.code === f.kpi);
              const text = form.explanations[f.kpi]?.trim();
              return (
                <li key={f.kpi} data-testid={`summary-flag-${f.kpi}`}>
                  <strong>{k ? kpiName(k, lang) : f.kpi}</strong>: {itemText(f)}
                  <br />
                  <span className={text ? undefined : 'field-error'}>
                    {text ? t('reporting.flag.explained', { text }) : t('reporting.confirm.noExplanation')}
                  </span>
                </li>
              );
            })}
          </ul>
        </section>
      )}
      {difficulties && (
        <section aria-labelledby="summary-notes-heading">
          <h3 id="summary-notes-heading">{t('reporting.confirm.notes')}</h3>
          <p className="summary-notes">{difficulties}</p>
        </section>
      )}
      <div className="actions">
        <button type="button" className="primary" onClick={onConfirm} data-testid="confirm-submit">
          {t('reporting.confirm.send')}
        </button>
        <button type="button" onClick={onCancel} data-testid="cancel-submit">
          {t('reporting.confirm.cancel')}
        </button>
      </div>
    </dialog>
  );
}
