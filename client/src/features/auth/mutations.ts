import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { MeReply } from '@tiendo/shared';
import { postJson, setCsrfToken } from '../../api/http.ts';
import { authKeys, setSession } from './queries.ts';

export function useLogin() {
  const qc = useQueryClient();
  return useMutation({
    mutationKey: ['login'],
    mutationFn: (body: { username: string; password: string }) => postJson<MeReply>('/api/auth/login', body),
    onSuccess: (me) => {
      setCsrfToken(me.csrfToken);
      // data fetched as someone else (or as nobody) must not be shown to this user
      qc.removeQueries({ predicate: (q) => q.queryKey[0] !== authKeys.me[0] });
      setSession(qc, { state: 'signed-in', me });
    },
  });
}

/** Signs out; `everywhere` ends every session of the account (other browsers, other devices) too. */
export function useLogout(opts: { everywhere?: boolean } = {}) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: () => postJson<unknown>(opts.everywhere ? '/api/auth/logout-everywhere' : '/api/auth/logout'),
    onSettled: () => {
      setCsrfToken(null);
      setSession(qc, { state: 'signed-out' });
      // nothing seen under this session may linger for the next person at the keyboard
      qc.removeQueries({ predicate: (q) => q.queryKey[0] !== authKeys.me[0] });
    },
  });
}
