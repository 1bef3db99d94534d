import { useQuery } from '@tanstack/react-query';
import type { MeetingReport } from '@tiendo/shared';
import { useEffect, useId, useRef } from 'react';
import { useErrorText } from '../../api/errors.ts';
import { HttpError } from '../../api/http.ts';
import { formatPeriod } from '../../i18n/format.ts';
import { useLang } from '../../i18n/index.ts';
import { unitQuery } from '../units/queries.ts';
import { useIssueMeetingReport } from './mutations.ts';
import { signerQuery } from './queries.ts';

/**
 * Asks before issuing: what the number, date and signer will be, and that the period's report in
 * force (if any) will be kept and marked replaced. Issuing takes a few seconds (three files are
 * rendered), so the dialog stays open, busy, until the server answers.
 */
export function IssueDialog({
  unit,
  period,
  previous,
  onClose,
  onIssued,
}: {
  unit: string;
  period: string;
  previous: MeetingReport | null;
  onClose: () => void;
  onIssued: (r: MeetingReport) => void;
}) {
  const { t, lang } = useLang();
  const text = useErrorText();
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  const signer = useQuery(signerQuery(unit));
  // The report is issued on the period's own map: name the unit as it was then.
  const info = useQuery(unitQuery(unit, period, 'period'));
  const issue = useIssueMeetingReport(unit);
  useEffect(() => {
    const d = ref.current;
    if (d && !d.open) d.showModal();
    return () => d?.close();
  }, []);
  const who = signer.data?.signer;
  // A unit that no longer exists today has no committee to sign for it: the server says why.
  const noSigner = (signer.data !== undefined && !who) || signer.isError;
  const error =
    issue.error instanceof HttpError && issue.error.serverMessage && issue.error.status < 500
      ? text(issue.error)
      : issue.error
        ? t('common.networkError')
        : null;
  const close = () => {
    if (!issue.isPending) onClose();
  };
  return (
    <dialog
      ref={ref}
      className="mr-dialog"
      aria-labelledby={titleId}
      onCancel={(e) => {
        e.preventDefault();
        close();
      }}
      data-testid="meeting-report-issue-dialog"
    >
      <h2 id={titleId}>{t('meetingReports.issueTitle', { period: formatPeriod(period, lang), unit: info.data?.name ?? unit })}</h2>
      <p>{t('meetingReports.issueConfirm')}</p>
      {who && <p>{t('meetingReports.issueSigner', { title: who.title, name: who.name })}</p>}
      {noSigner && (
        <p className="mr-error" role="alert">
          {signer.error instanceof HttpError && signer.error.serverMessage && signer.error.status !== 403
            ? text(signer.error)
            : t('meetingReports.noSigner')}
        </p>
      )}
      {previous && <p>{t('meetingReports.issueReplaces', { reference: previous.reference })}</p>}
      {error && (
        <p className="mr-error" role="alert">
          {error}
        </p>
      )}
      <div className="mr-dialog-actions">
        <button type="button" onClick={close} disabled={issue.isPending}>
          {t('meetingReports.cancel')}
        </button>
        <button
          type="button"
          className="primary"
          disabled={issue.isPending || noSigner || signer.isPending}
          aria-busy={issue.isPending}
          onClick={() => issue.mutate(period, { onSuccess: onIssued })}
          data-testid="meeting-report-issue-confirm"
        >
          {issue.isPending ? t('meetingReports.issuing') : t('meetingReports.issue')}
        </button>
      </div>
    </dialog>
  );
}
