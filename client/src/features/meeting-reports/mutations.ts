/** Issuing a meeting report and setting a unit's signer (secretariat, admin). */
import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { MeetingReport, SignerBody, SignerReply } from '@tiendo/shared';
import { postJson, sendJson } from '../../api/http.ts';
import { meetingReportKeys } from '../../api/keys.ts';

const u = (code: string) => `/api/units/${encodeURIComponent(code)}`;

export function useIssueMeetingReport(code: string) {
  const qc = useQueryClient();
  return useMutation({
    // An issued report is an official document: always in Vietnamese, whatever the screen's language.
    mutationFn: (period: string) => postJson<MeetingReport>(`${u(code)}/meeting-reports`, { period, lang: 'vi' }),
    onSuccess: () => qc.invalidateQueries({ queryKey: meetingReportKeys.unit(code) }),
  });
}

export function useSetSigner(code: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: SignerBody) => sendJson<SignerReply>('PUT', `${u(code)}/signer`, body),
    onSuccess: (reply) => qc.setQueryData(meetingReportKeys.signer(code), reply),
  });
}
