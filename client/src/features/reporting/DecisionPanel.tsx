import type { ReportReply } from '@tiendo/shared';
import { useState } from 'react';
import { ErrorPanel } from '../../components/QueryState.tsx';
import { useLang } from '../../i18n/index.ts';
import { useDecideReport } from './mutations.ts';
import { onLinkClick, reportHref } from './routes.ts';

/** Approve or return with a comment (approvers), reopen with a reason (secretariat). */
export function DecisionPanel({ report, onDone }: { report: ReportReply; onDone: (action: 'approve' | 'return' | 'reopen') => void }) {
  const { t } = useLang();
  const decide = useDecideReport(report.unit.code, report.period);
  const [comment, setComment] = useState('');
  const [reason, setReason] = useState('');
  const [tried, setTried] = useState<'return' | 'reopen' | null>(null);
  // Approving a unit while its own units still wait for it: said, listed, and asked once more.
  const [warned, setWarned] = useState(false);
  const waiting = report.waitingBelow;
  const short = (s: string) => s.trim().length < 3;
  if (!report.canDecide && !report.canReopen) return null;
  const flagged = report.flags.length;

  return (
    <section className="panel decision" aria-labelledby="decision-heading" data-testid="decision">
      {report.canDecide && (
        <>
          <h2 id="decision-heading">{t('reporting.decide.heading')}</h2>
          {flagged > 0 && <p className="note">{t('reporting.decide.flags', { n: flagged })}</p>}
          <div className="actions">
            <button
              type="button"
              className="primary"
              disabled={decide.isPending}
              onClick={() => {
                if (waiting.length > 0 && !warned) setWarned(true);
                else decide.mutate({ action: 'approve' }, { onSuccess: () => onDone('approve') });
              }}
              aria-expanded={waiting.length > 0 ? warned : undefined}
              data-testid="approve"
            >
              ✔ {t('reporting.decide.approve')}
            </button>
          </div>
          {warned && (
            <div className="notice waiting-below" role="alert" data-testid="waiting-below">
              <p>
                <strong>{t('reporting.decide.waitingHeading', { n: waiting.length, unit: report.unit.name })}</strong>
              </p>
              <p>{t('reporting.decide.waitingBody', { unit: report.unit.name })}</p>
              <ul>
                {waiting.map((u) => {
                  const href = reportHref(u.code, report.period);
                  return (
                    <li key={u.code}>
                      <a href={href} onClick={onLinkClick(href)}>
                        {u.name}
                      </a>{' '}
                      <span className="muted">({u.code})</span>
                    </li>
                  );
                })}
              </ul>
              <div className="actions">
                <button
                  type="button"
                  className="primary"
                  disabled={decide.isPending}
                  onClick={() => decide.mutate({ action: 'approve' }, { onSuccess: () => onDone('approve') })}
                  data-testid="approve-anyway"
                >
                  {t('reporting.decide.approveAnyway')}
                </button>
                <button type="button" onClick={() => setWarned(false)}>
                  {t('reporting.decide.notNow')}
                </button>
              </div>
            </div>
          )}
          <label className="field-block">
            <span>{t('reporting.decide.comment')}</span>
            <textarea
              rows={3}
              maxLength={2000}
              value={comment}
              onChange={(e) => setComment(e.target.value)}
              aria-invalid={tried === 'return' && short(comment)}
              aria-describedby={tried === 'return' && short(comment) ? 'return-comment-error' : undefined}
              data-testid="return-comment"
            />
          </label>
          {tried === 'return' && short(comment) && (
            <p className="field-error" id="return-comment-error">
              {t('reporting.decide.tooShort')}
            </p>
          )}
          <div className="actions">
            <button
              type="button"
              disabled={decide.isPending}
              onClick={() => {
                setTried('return');
                if (short(comment)) return;
                decide.mutate({ action: 'return', comment: comment.trim() }, { onSuccess: () => onDone('return') });
              }}
              data-testid="return"
            >
              ↩ {t('reporting.decide.return')}
            </button>
          </div>
        </>
      )}
      {report.canReopen && (
        <>
          <h2 id={report.canDecide ? undefined : 'decision-heading'}>{t('reporting.reopen.heading')}</h2>
          <label className="field-block">
            <span>{t('reporting.reopen.reason')}</span>
            <textarea
              rows={2}
              maxLength={2000}
              value={reason}
              onChange={(e) => setReason(e.target.value)}
              aria-invalid={tried === 'reopen' && short(reason)}
              data-testid="reopen-reason"
            />
          </label>
          {tried === 'reopen' && short(reason) && <p className="field-error">{t('reporting.decide.tooShort')}</p>}
          <div className="actions">
            <button
              type="button"
              disabled={decide.isPending}
              onClick={() => {
                setTried('reopen');
                if (short(reason)) return;
                decide.mutate({ action: 'reopen', reason: reason.trim() }, { onSuccess: () => onDone('reopen') });
              }}
              data-testid="reopen"
            >
              {t('reporting.reopen.submit')}
            </button>
          </div>
        </>
      )}
      {decide.error && <ErrorPanel error={decide.error} />}
    </section>
  );
}
