/**
 * Every administrative write. Catalogue, target and calendar changes reach the whole dashboard
 * (figures, attainment, periods), so they invalidate every cached query; account changes only
 * the accounts list.
 */
import { useMutation, useQueryClient } from '@tanstack/react-query';
import type {
  AdminUser,
  KpiCreateBody,
  KpiDetail,
  KpiPatchBody,
  MeReply,
  PeriodInfo,
  ReportingSettingsBody,
  ReportingSettingsReply,
  TargetCorrectionBody,
  TargetInput,
  TargetsReply,
  UserCreateBody,
  UserCreated,
  UserImportReply,
  UserPatchBody,
} from '@tiendo/shared';
import i18next from 'i18next';
import { errorText as apiErrorText, translatorOf } from '../../api/errors.ts';
import { HttpError, postJson, sendJson, setCsrfToken, uploadFile } from '../../api/http.ts';
import { adminKeys, authKeys } from '../../api/keys.ts';
import { setSession } from '../auth/queries.ts';

const user = (username: string) => `/api/users/${encodeURIComponent(username)}`;
const kpi = (code: string) => `/api/kpis/${encodeURIComponent(code)}`;

/** What a refused write says in `lang` (translated from its code, see api/errors.ts); `fallback` for anything else. */
export function errorText(error: unknown, lang: string, fallback: string): string | null {
  if (!error) return null;
  if (error instanceof HttpError && error.status < 500) {
    return apiErrorText(error, translatorOf(i18next, lang));
  }
  return fallback;
}

export function useCreateUser() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: UserCreateBody) => postJson<UserCreated>('/api/users', body),
    onSuccess: () => qc.invalidateQueries({ queryKey: adminKeys.users }),
  });
}

/**
 * Accounts from a file, all or none. The reply holds the one-time passwords: the mutation is
 * dropped from the cache as soon as the dialog that shows them closes (gcTime 0).
 */
export function useImportUsers() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ file, onProgress }: { file: File; onProgress: (share: number) => void }) =>
      uploadFile<UserImportReply>('/api/admin/users/import', file, file.name, onProgress),
    onSuccess: () => qc.invalidateQueries({ queryKey: adminKeys.users }),
    gcTime: 0,
  });
}

export function useUpdateUser() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ username, patch }: { username: string; patch: UserPatchBody }) => sendJson<AdminUser>('PATCH', user(username), patch),
    onSuccess: () => qc.invalidateQueries({ queryKey: adminKeys.users }),
  });
}

export function useResetPassword() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (username: string) => postJson<{ temporaryPassword: string }>(`${user(username)}/reset-password`, {}),
    onSuccess: () => qc.invalidateQueries({ queryKey: adminKeys.users }),
  });
}

/** The catalogue feeds every figure on screen: refetch everything but who is signed in. */
function invalidateAll(qc: ReturnType<typeof useQueryClient>) {
  return qc.invalidateQueries({ predicate: (q) => q.queryKey[0] !== authKeys.me[0] });
}

export function useCreateKpi() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: KpiCreateBody) => postJson<KpiDetail>('/api/kpis', body),
    onSuccess: () => invalidateAll(qc),
  });
}

export function useUpdateKpi(code: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (patch: KpiPatchBody) => sendJson<KpiDetail>('PATCH', kpi(code), patch),
    onSuccess: (detail) => {
      qc.setQueryData(adminKeys.kpi(code), detail);
      return invalidateAll(qc);
    },
  });
}

export function usePutTargets(code: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (list: TargetInput[]) => sendJson<TargetsReply>('PUT', `${kpi(code)}/targets`, list),
    onSuccess: (reply) => {
      qc.setQueryData(adminKeys.targets(code), reply);
      return invalidateAll(qc);
    },
  });
}

/** The explicit correction of one past period's target, with its reason. */
export function useCorrectTarget(code: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: TargetCorrectionBody) => postJson<TargetsReply>(`${kpi(code)}/targets/corrections`, body),
    onSuccess: (reply) => {
      qc.setQueryData(adminKeys.targets(code), reply);
      return invalidateAll(qc);
    },
  });
}

export function usePutReportingSettings() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: ReportingSettingsBody) => sendJson<ReportingSettingsReply>('PUT', '/api/settings/reporting', body),
    onSuccess: () => invalidateAll(qc),
  });
}

export function useOpenPeriod() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (period: string) => postJson<PeriodInfo[]>('/api/periods/open', { period }),
    onSuccess: () => invalidateAll(qc),
  });
}

/** Reopening is part of the report workflow (its own route); the calendar only offers it. */
export function useReopenReport() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ unit, period, reason }: { unit: string; period: string; reason: string }) =>
      postJson<unknown>(`/api/units/${encodeURIComponent(unit)}/reports/${encodeURIComponent(period)}/reopen`, { reason }),
    onSuccess: () => invalidateAll(qc),
  });
}

/** First sign-in with a one-time password: choose one's own, then carry on with a fresh session. */
export function useChangeOwnPassword() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: { currentPassword: string; newPassword: string }) => postJson<MeReply>('/api/me/password', body),
    onSuccess: (me) => {
      setCsrfToken(me.csrfToken);
      setSession(qc, { state: 'signed-in', me });
    },
  });
}
