/**
 * Beside "Tải báo cáo": the secretariat's "Ban hành báo cáo" (with a confirmation), and the
 * reports issued for the period on screen, each downloadable as issued (PDF, Word, Excel).
 */
import { useQuery } from '@tanstack/react-query';
import type { MeetingReport, MeetingReportFormat } from '@tiendo/shared';
import { roleMay } from '@tiendo/shared/permissions';
import { REPORT_FORMATS } from '@tiendo/shared/report-formats';
import { useId, useRef, useState } from 'react';
import { formatPeriod } from '../../i18n/format.ts';
import { useLang } from '../../i18n/index.ts';
import { useSession } from '../auth/session-context.ts';
import { DownloadError, useDismiss, useFileDownload } from '../report/download-parts.tsx';
import { IssueDialog } from './IssueDialog.tsx';
import { issueDateLabel, reportInForce } from './presented-data.ts';
import { meetingReportFileUrl, meetingReportsQuery } from './queries.ts';
import './meeting-reports.css';

export function MeetingReportsMenu({ unit, period }: { unit: string; period: string }) {
  const { t, lang } = useLang();
  const { session } = useSession();
  const role = session.state === 'signed-in' ? session.me.user.role : null;
  const canIssue = role !== null && roleMay(role, 'meeting-report.issue');
  const list = useQuery({ ...meetingReportsQuery(unit, period), enabled: Boolean(period) });
  const reports = list.data ?? [];
  const [open, setOpen] = useState(false);
  const [confirm, setConfirm] = useState(false);
  // A message about one unit and period does not carry over to the next.
  const here = `${unit}|${period}`;
  const [issuedAt, setIssued] = useState<{ here: string; reference: string } | null>(null);
  const issued = issuedAt?.here === here ? issuedAt.reference : null;
  const file = useFileDownload();
  const busy = file.busy;
  const root = useRef<HTMLDivElement>(null);
  const panelId = useId();
  useDismiss(open, root, () => setOpen(false));

  if (!canIssue && reports.length === 0) return null;

  function download(r: MeetingReport, format: MeetingReportFormat) {
    void file.download(
      `${r.id}-${format}`,
      meetingReportFileUrl(unit, r.id, format),
      `bao-cao-${unit}-${r.period}-so-${r.number}.${format}`,
    );
  }

  return (
    <div ref={root} className="mr-menu">
      {canIssue && (
        <button type="button" onClick={() => setConfirm(true)} disabled={!period} data-testid="meeting-report-issue">
          {t('meetingReports.issue')}
        </button>
      )}
      {reports.length > 0 && (
        <button
          type="button"
          aria-expanded={open}
          aria-controls={open ? panelId : undefined}
          onClick={() => setOpen((o) => !o)}
          data-testid="meeting-report-list"
        >
          {t('meetingReports.listButton', { n: reports.length })}
        </button>
      )}
      {open && (
        <section id={panelId} className="mr-popover" aria-label={t('meetingReports.listLabel', { period: formatPeriod(period, lang) })}>
          <h2>{t('meetingReports.listLabel', { period: formatPeriod(period, lang) })}</h2>
          <ul>
            {reports.map((r) => (
              <li key={r.id} data-testid={`meeting-report-${r.number}`} className={r.reference === issued ? 'mr-new' : undefined}>
                <span className="mr-item">
                  {t('meetingReports.item', { reference: r.reference, date: issueDateLabel(r.issueDate, lang) })}
                  {r.replacedBy !== null && <span className="mr-replaced"> · {t('meetingReports.replaced')}</span>}
                </span>
                <span className="muted mr-by">{t('meetingReports.by', { user: r.issuedBy })}</span>
                <span className="mr-files">
                  {REPORT_FORMATS.map((f) => (
                    <button
                      key={f}
                      type="button"
                      className="link-button"
                      disabled={busy !== null}
                      aria-busy={busy === `${r.id}-${f}`}
                      aria-label={t('meetingReports.download', { format: t(`meetingReports.formats.${f}`), reference: r.reference })}
                      onClick={() => download(r, f)}
                    >
                      {t(`meetingReports.formats.${f}`)}
                    </button>
                  ))}
                </span>
              </li>
            ))}
          </ul>
        </section>
      )}
      {/* Said to screen readers; on screen the list opens on the new report. */}
      <span role="status" aria-live="polite" className="visually-hidden">
        {issued && t('meetingReports.issued', { reference: issued })}
      </span>
      <DownloadError label={t('meetingReports.failed')} message={file.error} onDismiss={file.dismiss} />
      {confirm && (
        <IssueDialog
          unit={unit}
          period={period}
          previous={reportInForce(reports)}
          onClose={() => setConfirm(false)}
          onIssued={(r) => {
            setConfirm(false);
            setIssued({ here, reference: r.reference });
            setOpen(true);
          }}
        />
      )}
    </div>
  );
}
