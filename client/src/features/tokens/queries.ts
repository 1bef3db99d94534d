import { queryOptions } from '@tanstack/react-query';
import type { tokensReplySchema } from '@tiendo/shared';
import type { z } from 'zod';
import { apiUrl, getJson } from '../../api/http.ts';
import { tokenKeys } from '../../api/keys.ts';

export type TokenRow = z.infer<typeof tokensReplySchema>[number];

export const tokensQuery = () =>
  queryOptions({ queryKey: tokenKeys.all, queryFn: ({ signal }) => getJson<TokenRow[]>(apiUrl('/tokens'), signal) });
