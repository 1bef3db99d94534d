import { queryOptions } from '@tanstack/react-query';
import type { MeReply, SessionReply } from '@tiendo/shared';
import { getJson, HttpError, setCsrfToken } from '../../api/http.ts';

/**
 * Who is looking. `no-auth` means the server has no session endpoint (404): the dashboard then
 * opens on the city, as it did before accounts existed.
 */
export type Session = { state: 'signed-in'; me: MeReply } | { state: 'signed-out'; reason?: 'expired' } | { state: 'no-auth' };

export const authKeys = { me: ['me'] as const };

export const NO_AUTH_HOME = '01';

/** Signed out is an answer of /api/auth/session, not a 401: the login page opens without a failed request. */
export async function fetchSession(signal?: AbortSignal): Promise<Session> {
  try {
    const s = await getJson<SessionReply>('/api/auth/session', signal);
    if (s.state === 'signed-out') return { state: 'signed-out' };
    const me: MeReply = { user: s.user, csrfToken: s.csrfToken, mustChangePassword: s.mustChangePassword };
    setCsrfToken(me.csrfToken);
    return { state: 'signed-in', me };
  } catch (e) {
    if (e instanceof HttpError && e.status === 401) return { state: 'signed-out' };
    if (e instanceof HttpError && e.status === 404) return { state: 'no-auth' };
    throw e;
  }
}

export const sessionQuery = () =>
  queryOptions({
    queryKey: authKeys.me,
    queryFn: ({ signal }) => fetchSession(signal),
    staleTime: Number.POSITIVE_INFINITY,
    retry: 1,
  });

export function homeUnit(session: Session): string {
  return session.state === 'signed-in' ? session.me.user.unit.code : NO_AUTH_HOME;
}

export function setSession(qc: { setQueryData: (key: readonly unknown[], updater: () => Session) => unknown }, s: Session): void {
  qc.setQueryData(authKeys.me, () => s);
}
