import { queryOptions } from '@tanstack/react-query';
import type { MeReply, SessionReply, SignedInReply } from '@tiendo/shared';
import { SESSION_BLOCK_ID } from '@tiendo/shared/page';
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
    return sessionOf(await getJson<SessionReply>('/api/auth/session', signal), cache);
  } catch (e) {
    if (e instanceof HttpError && e.status === 401) return { state: 'signed-out' };
    if (e instanceof HttpError && e.status === 404) return { state: 'no-auth' };
    throw e;
  }
}

/** The session of what /api/auth/session answers; a signed-in reply's catalogue goes to the cache. */
export function sessionOf(s: SessionReply, cache?: CacheWriter): Session {
  return s.state === 'signed-out' ? { state: 'signed-out' } : signedIn(s, cache);
}

/**
 * The session the page came with: the server writes what /api/auth/session would answer into the
 * page, so the dashboard asks for its figures without asking first who is looking. Read once and
 * removed (a later sign-out or sign-in replaces it in the cache); null when the page has none (the
 * development server's page) or it cannot be read, and the session is then asked for.
 */
export function pageSession(cache: CacheWriter, doc: Document = document): Session | null {
  const block = doc.getElementById(SESSION_BLOCK_ID);
  if (!block) return null;
  block.remove();
  try {
    const s = JSON.parse(block.textContent ?? '') as SessionReply;
    if (s?.state !== 'signed-in' && s?.state !== 'signed-out') return null;
    return sessionOf(s, cache);
  } catch {
    return null;
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
