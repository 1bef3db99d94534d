import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { SignedInReply } from '@tiendo/shared';
import { postJson, setCsrfToken } from '../../api/http.ts';
import { authKeys } from '../../api/keys.ts';
import { setSession, signedIn } from './queries.ts';

export function useLogin() {
  const qc = useQueryClient();
  return useMutation({
    mutationKey: ['login'],
    mutationFn: (body: { username: string; password: string }) => postJson<SignedInReply>('/api/auth/login', body),
    onSuccess: (reply) => {
      // data fetched as someone else (or as nobody) must not be shown to this user
      qc.removeQueries({ predicate: (q) => q.queryKey[0] !== authKeys.me[0] });
      // the reply's catalogue goes to the cache: the dashboard asks for the rest at once
      setSession(qc, signedIn(reply, qc));
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
