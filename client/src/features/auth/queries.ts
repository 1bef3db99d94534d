import { queryOptions } from '@tanstack/react-query';
import type { MeReply, SessionReply, SignedInReply } from '@tiendo/shared';
import { getJson, HttpError, setCsrfToken } from '../../api/http.ts';
import { authKeys, catalogKeys } from '../../api/keys.ts';

/**
 * Who is looking. `no-auth` means the server has no session endpoint (404): the dashboard then
 * opens on the city, as it did before accounts existed.
 */
export type Session =
  | { state: 'signed-in'; me: MeReply; today?: string }
  | { state: 'signed-out'; reason?: 'expired' }
  | { state: 'no-auth' };

export const NO_AUTH_HOME = '01';

interface CacheWriter {
  setQueryData: (key: readonly unknown[], data: unknown) => unknown;
}

/** The session of a signed-in reply (the session's or the sign-in's); its catalogue goes to the cache. */
export function signedIn(s: SignedInReply, cache?: CacheWriter): Session {
  if (s.catalog && cache) {
    cache.setQueryData(catalogKeys.periods, s.catalog.periods);
    cache.setQueryData(catalogKeys.kpis, s.catalog.kpis);
  }
  const me: MeReply = { user: s.user, csrfToken: s.csrfToken, mustChangePassword: s.mustChangePassword, atTop: s.atTop };
  setCsrfToken(me.csrfToken);
  return { state: 'signed-in', me, ...(s.catalog ? { today: s.catalog.today } : {}) };
}

/**
 * Signed out is an answer of /api/auth/session, not a 401: the login page opens without a failed
 * request. Signed in, the reply carries the periods and the indicators, put in the cache here so
 * the dashboard asks for its unit, figures and panels at once, one step after the session.
 */
export async function fetchSession(signal?: AbortSignal, cache?: CacheWriter): Promise<Session> {
  try {
    const s = await getJson<SessionReply>('/api/auth/session', signal);
    if (s.state === 'signed-out') return { state: 'signed-out' };
    return signedIn(s, cache);
  } catch (e) {
    if (e instanceof HttpError && e.status === 401) return { state: 'signed-out' };
    if (e instanceof HttpError && e.status === 404) return { state: 'no-auth' };
    throw e;
  }
}

export const sessionQuery = () =>
  queryOptions({
    queryKey: authKeys.me,
    queryFn: ({ signal, client }) => fetchSession(signal, client),
    staleTime: Number.POSITIVE_INFINITY,
    retry: 1,
  });

export function homeUnit(session: Session): string {
  return session.state === 'signed-in' ? session.me.user.unit.code : NO_AUTH_HOME;
}

export function setSession(qc: { setQueryData: (key: readonly unknown[], updater: () => Session) => unknown }, s: Session): void {
  qc.setQueryData(authKeys.me, () => s);
}
