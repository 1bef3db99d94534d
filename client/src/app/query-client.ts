import { MutationCache, QueryCache, QueryClient } from '@tanstack/react-query';
import { HttpError } from '../api/http.ts';
import { authKeys } from '../api/keys.ts';
import { type Session, setSession } from '../features/auth/queries.ts';

/**
 * One client for the app. A 401 from any call means the session ended: the gate then shows the
 * login page instead of a broken dashboard. Client errors (4xx) are not retried.
 */
export function createQueryClient(): QueryClient {
  const qc: QueryClient = new QueryClient({
    queryCache: new QueryCache({ onError: (e, q) => onAuthError(e, q.queryKey[0]) }),
    mutationCache: new MutationCache({
      onError: (e, _v, _c, m) => {
        if (m.options.mutationKey?.[0] !== 'login') onAuthError(e, null);
      },
    }),
    defaultOptions: {
      queries: {
        staleTime: 60_000,
        refetchOnWindowFocus: false,
        retry: (count, e) => !(e instanceof HttpError && e.status < 500) && count < 2,
      },
    },
  });

  function onAuthError(e: unknown, key: unknown) {
    if (!(e instanceof HttpError) || e.status !== 401 || key === authKeys.me[0]) return;
    const prev = qc.getQueryData<Session>(authKeys.me);
    if (prev?.state === 'signed-in') setSession(qc, { state: 'signed-out', reason: 'expired' });
    else if (prev?.state === 'no-auth') void qc.invalidateQueries({ queryKey: authKeys.me });
  }
  return qc;
}
