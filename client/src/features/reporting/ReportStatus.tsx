import type { ReportReply } from '@tiendo/shared';
import { formatDate, formatDateTime } from '../../i18n/format.ts';
import { useLang } from '../../i18n/index.ts';
import { hanoiParts, lastAction } from './report-view.ts';
import { StateBadge } from './StateBadge.tsx';

/**
 * The state, who did what last ("Nguyễn Văn A gửi lúc 14:05 ngày 25/11/2026"), when it was sent
 * and decided, the comment, and the full history. `reviewer`: an approver reads a unit below.
 */
export function ReportStatus({ report, reviewer = false }: { report: ReportReply; reviewer?: boolean }) {
  const { t, lang } = useLang();
  const who = (u: string | null) => u ?? t('reporting.someone');
  const lines: string[] = [];
  const last = lastAction(report);
  if (last) {
    const { date, time } = hanoiParts(last.at);
    lines.push(t(`reporting.last.${last.action}`, { who: who(last.who), time, date: formatDate(date, lang) }));
  }
  if (report.submittedAt && last?.action !== 'submit' && last?.action !== 'resubmit')
    lines.push(t('reporting.submittedBy', { who: who(report.submittedBy), when: formatDateTime(report.submittedAt, lang) }));
  if (report.decidedAt && last?.action !== 'approve' && last?.action !== 'return')
    lines.push(t('reporting.decidedBy', { who: who(report.decidedBy), when: formatDateTime(report.decidedAt, lang) }));
  return (
    <section className="panel report-status" aria-labelledby="report-status-heading">
      <h2 id="report-status-heading" className="visually-hidden">
        {t('reporting.state.draft')}
      </h2>
      <div className="status-line">
        <StateBadge state={report.state} testId="report-state" />
        {report.late && <span className="badge rstate-late">◔ {t('reporting.lateMark')}</span>}
        {report.locked && <span className="badge rstate-locked">⊘ {t('reporting.lockedMark')}</span>}
      </div>
      {lines.length > 0 && (
        <ul className="who-when" data-testid="who-when">
          {lines.map((l) => (
            <li key={l}>{l}</li>
          ))}
        </ul>
      )}
      {report.comment && (report.state === 'returned' || report.state === 'approved') && (
        <blockquote className="return-comment" data-testid="report-comment">
          <strong>{t(reviewer ? 'reporting.reviewerComment' : 'reporting.comment')}:</strong> {report.comment}
        </blockquote>
      )}
      <details className="history" data-testid="report-history">
        <summary>
          {t('reporting.history.heading')} ({report.history.length})
        </summary>
        {report.history.length === 0 ? (
          <p className="muted">{t('reporting.history.empty')}</p>
        ) : (
          <ol>
            {report.history.map((h) => (
              <li key={`${h.at}-${h.action}`}>
                <time dateTime={h.at}>{formatDateTime(h.at, lang)}</time> — <strong>{t(`reporting.history.${h.action}`, h.action)}</strong>
                {h.actor ? ` · ${h.actorName ?? h.actor}` : ''}
                {h.comment ? <q>{h.comment}</q> : null}
              </li>
            ))}
          </ol>
        )}
      </details>
    </section>
  );
}
