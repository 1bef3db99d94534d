import type { ReportReply, Role } from '@tiendo/shared';
import { useEffect, useMemo, useRef, useState } from 'react';
import { type CodedItem, useItemText } from '../../api/errors.ts';
import { MutationError } from '../../components/MutationError.tsx';
import { formatDate, formatDateTime } from '../../i18n/format.ts';
import { useLang } from '../../i18n/index.ts';
import { ConflictNotice } from './ConflictNotice.tsx';
import { DecisionPanel } from './DecisionPanel.tsx';
import { KpiField } from './KpiField.tsx';
import { useRecallReport } from './mutations.ts';
import { ReportStatus } from './ReportStatus.tsx';
import { emptyInput, errorsByField } from './report-form.ts';
import { readOnlyReason } from './report-view.ts';
import { SubmitSummary } from './SubmitSummary.tsx';
import { useReportDraft } from './use-report-draft.ts';

const SYNC_ICON = { saved: '✔', local: '●', queued: '◷', sending: '↻' } as const;

export function ReportForm({
  report,
  user,
  role,
  afterEnd = false,
  reviewer = false,
  refetch,
}: {
  report: ReportReply;
  user: string;
  role: Role | null;
  /** An approver or the secretariat reading a unit below: told what is theirs to do, in their words. */
  reviewer?: boolean;
  /** The caller's own unit ended before this period: read only, whatever the reply says. */
  afterEnd?: boolean;
  refetch: () => Promise<{ data?: ReportReply }>;
}) {
  const { t, lang } = useLang();
  const itemText = useItemText();
  const d = useReportDraft(report, user, refetch);
  const [done, setDone] = useState<string | null>(null);
  const [confirming, setConfirming] = useState(false);
  const recall = useRecallReport(report.unit.code, report.period);
  const readOnly = !report.editable;
  const reason = readOnlyReason(report, role, afterEnd);
  // The done message is where the eye goes after a step that changes the whole form (submit,
  // recall, decide); a save leaves the user where they are, focus and scroll alike.
  const doneRef = useRef<HTMLParagraphElement>(null);
  const announce = (text: string) => {
    setDone(text);
    requestAnimationFrame(() => doneRef.current?.focus());
  };
  // The sticky bar's height, for the fields' scroll margin: a focused field or a flag's
  // explanation box scrolls clear of it.
  const layoutRef = useRef<HTMLDivElement>(null);
  const barRef = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const bar = barRef.current;
    const layout = layoutRef.current;
    if (!bar || !layout || typeof ResizeObserver === 'undefined') return;
    const ro = new ResizeObserver(() => layout.style.setProperty('--action-bar-space', `${bar.offsetHeight}px`));
    ro.observe(bar);
    return () => ro.disconnect();
  });
  const serverByKpi = useMemo(() => {
    const all = errorsByField(d.serverErrors);
    const out = new Map<string, Map<string, CodedItem[]>>();
    for (const [key, errors] of all) {
      const [kpi = '', field = ''] = key.split(':');
      const m = out.get(kpi) ?? new Map<string, CodedItem[]>();
      m.set(field, errors);
      out.set(kpi, m);
    }
    return out;
  }, [d.serverErrors]);
  const generalErrors = d.serverErrors.filter((e) => !e.kpi || !report.kpis.some((k) => k.code === e.kpi));
  const blocked = d.localErrors.length > 0;
  const sending = d.sync === 'sending';

  return (
    <div className="report-layout" ref={layoutRef}>
      <ReportStatus report={report} reviewer={reviewer} />
      {done && (
        <p className="notice success" role="status" tabIndex={-1} ref={doneRef} data-testid="done">
          {done}
        </p>
      )}
      {report.canRecall && !afterEnd && (
        <div className="notice recall" data-testid="recall-panel">
          <p className="recall-hint">{t('reporting.recall.hint')}</p>
          <button
            type="button"
            disabled={recall.isPending}
            onClick={() => recall.mutate(undefined, { onSuccess: () => announce(t('reporting.recall.done')) })}
            data-testid="recall"
          >
            ↶ {t('reporting.recall.button')}
          </button>
          <MutationError error={recall.error} />
        </div>
      )}
      {reason && (
        <p className="notice read-only" data-testid="read-only">
          <span aria-hidden="true">⊘ </span>
          {reason === 'ended'
            ? t('reporting.life.readOnly')
            : t(`reporting.readOnly.${reason}`, { date: formatDate(report.lockAfter, lang) })}
        </p>
      )}
      {d.restoredAt && d.dirty && (
        <p className="notice" role="status">
          {t('reporting.sync.restored', { time: formatDateTime(d.restoredAt, lang) })}
        </p>
      )}
      {!d.online && !readOnly && (
        <p className="notice offline" role="status">
          {t('reporting.sync.offline')}
        </p>
      )}
      {!d.stored && d.dirty && <p className="notice">{t('reporting.sync.noStorage')}</p>}
      {d.conflict && (
        <ConflictNotice
          conflict={d.conflict}
          kpis={report.kpis}
          onReload={() => void d.reload()}
          onOverwrite={() => d.overwrite()}
          busy={sending}
        />
      )}

      <form
        className="report-form"
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          if (!readOnly && !blocked && !sending && d.dirty) d.save();
        }}
      >
        <section className="panel" aria-labelledby="report-figures-heading">
          <h2 id="report-figures-heading">{t('reporting.figures')}</h2>
          {report.kpis.length === 0 && <p className="muted">{t('reporting.noKpis')}</p>}
          {report.kpis.map((k) => {
            const flag = report.flags.find((f) => f.kpi === k.code);
            return (
              <KpiField
                key={k.code}
                kpi={k}
                input={d.form.values[k.code] ?? emptyInput(k)}
                onChange={(next) => {
                  setDone(null);
                  d.setForm((f) => ({ ...f, values: { ...f.values, [k.code]: next } }));
                }}
                readOnly={readOnly}
                localErrors={d.localErrors.filter((e) => e.kpi === k.code)}
                serverErrors={serverByKpi.get(k.code) ?? new Map()}
                flag={flag}
                explanation={d.form.explanations[k.code] ?? ''}
                onExplain={(text) => d.setForm((f) => ({ ...f, explanations: { ...f.explanations, [k.code]: text } }))}
              />
            );
          })}
        </section>

        <section className="panel notes" aria-labelledby="report-notes-heading">
          <h2 id="report-notes-heading">{t('reporting.notes.heading')}</h2>
          {/* Proposals are their own records now (the panel below); a report's old free text still shows. */}
          {(['difficulties', ...(report.notes.recommendations ? (['recommendations'] as const) : [])] as const).map((n) => (
            <label key={n} className="field-block">
              <span>{t(`reporting.notes.${n}`)}</span>
              <textarea
                rows={3}
                maxLength={4000}
                value={d.form.notes[n]}
                readOnly={readOnly}
                onChange={(e) => d.setForm((f) => ({ ...f, notes: { ...f.notes, [n]: e.target.value } }))}
                data-testid={`notes-${n}`}
              />
            </label>
          ))}
        </section>

        {!readOnly && (
          <div className="action-bar" ref={barRef}>
            <p className={`sync sync-${d.sync}`} role="status" data-testid="sync-state" data-sync={d.sync}>
              {/* nothing to say about a report never saved and not touched */}
              {(d.sync !== 'saved' || report.version > 0) && (
                <>
                  <span aria-hidden="true">{SYNC_ICON[d.sync]} </span>
                  {t(`reporting.sync.${d.sync}`)}
                </>
              )}
            </p>
            {blocked && <p className="field-error">{t('reporting.errors.summary', { n: d.localErrors.length })}</p>}
            {generalErrors.map((e) => (
              <p key={e.message} className="field-error">
                {itemText(e)}
              </p>
            ))}
            <MutationError error={d.failure} />
            {!d.online && d.sync !== 'queued' && <p className="muted">{t('reporting.sync.submitOffline')}</p>}
            <div className="actions">
              {/* aria-disabled, not disabled: the pressed button keeps the focus through the save */}
              <button type="submit" aria-disabled={blocked || sending || !d.dirty} data-testid="save-draft">
                {t('reporting.actions.save')}
              </button>
              <button
                type="button"
                className="primary"
                disabled={blocked || sending || !d.online}
                onClick={() => {
                  setDone(null);
                  setConfirming(true);
                }}
                data-testid="submit-report"
              >
                {sending
                  ? t('reporting.actions.sending')
                  : report.state === 'returned'
                    ? t('reporting.actions.resubmit')
                    : t('reporting.actions.submit')}
              </button>
              {d.dirty && (
                <button type="button" className="link-button" onClick={() => void d.reload()} data-testid="discard">
                  {t('reporting.sync.discard')}
                </button>
              )}
            </div>
          </div>
        )}
      </form>
      {confirming && (
        <SubmitSummary
          report={report}
          form={d.form}
          onCancel={() => setConfirming(false)}
          onConfirm={() => {
            setConfirming(false);
            d.submit(() => announce(t('reporting.done.submitted')));
          }}
        />
      )}
      <DecisionPanel report={report} onDone={(a) => announce(t(`reporting.done.${a}`))} />
    </div>
  );
}
