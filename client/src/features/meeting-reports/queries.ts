/** Issued meeting reports of a unit and period, what changed since, and who signs for a unit. */
import { queryOptions } from '@tanstack/react-query';
import type { MeetingReport, MeetingReportChangesReply, MeetingReportFormat, SignerReply } from '@tiendo/shared';
import { apiUrl, getJson } from '../../api/http.ts';
import { meetingReportKeys } from '../../api/keys.ts';

const u = (code: string) => `/units/${encodeURIComponent(code)}`;

/** The reports issued for a period, newest first (on that period's map). */
export const meetingReportsQuery = (code: string, period: string) =>
  queryOptions({
    queryKey: meetingReportKeys.list(code, period),
    queryFn: ({ signal }) => getJson<MeetingReport[]>(apiUrl(`${u(code)}/meeting-reports`, { period }), signal),
    staleTime: 60_000,
  });

/**
 * The figures as presented and what moved since. Not cached for long: a report sent in after the
 * meeting should show on the next look.
 */
export const meetingReportChangesQuery = (code: string, id: number) =>
  queryOptions({
    queryKey: meetingReportKeys.changes(code, id),
    queryFn: ({ signal }) => getJson<MeetingReportChangesReply>(apiUrl(`${u(code)}/meeting-reports/${id}/changes`), signal),
  });

export const signerQuery = (code: string) =>
  queryOptions({
    queryKey: meetingReportKeys.signer(code),
    queryFn: ({ signal }) => getJson<SignerReply>(apiUrl(`${u(code)}/signer`), signal),
  });

/** The stored file of an issued report. */
export function meetingReportFileUrl(code: string, id: number, format: MeetingReportFormat): string {
  return apiUrl(`${u(code)}/meeting-reports/${id}`, { format });
}
