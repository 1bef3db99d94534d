import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { tokenCreatedSchema } from '@tiendo/shared';
import type { z } from 'zod';
import { apiUrl, postJson, sendJson } from '../../api/http.ts';
import { tokenKeys } from '../../api/keys.ts';

export type CreatedToken = z.infer<typeof tokenCreatedSchema>;

export function useCreateToken() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (name: string) => postJson<CreatedToken>(apiUrl('/tokens'), { name }),
    onSuccess: () => client.invalidateQueries({ queryKey: tokenKeys.all }),
  });
}

export function useRevokeToken() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (id: number) => sendJson<{ ok: true }>('DELETE', apiUrl(`/tokens/${id}`)),
    onSuccess: () => client.invalidateQueries({ queryKey: tokenKeys.all }),
  });
}
