/**
 * A zod issue as an item a reader can say in either language: zod's own issue code (already
 * snake_case: `too_small`, `too_big`, `invalid_format`, `invalid_type`, `custom`, …) with the
 * bounds it names as params, and the schema's bilingual message as the fallback. An empty text
 * that must not be is `required`, the sentence a form says for it.
 */
import type { ItemParams } from '@tiendo/shared';

/** What of a zod issue (or of fastify-type-provider-zod's copy of one) says what was wrong. */
export interface IssueLike {
  code: string;
  message: string;
  minimum?: unknown;
  maximum?: unknown;
  expected?: unknown;
  format?: unknown;
  origin?: unknown;
}

const PARAMS = ['minimum', 'maximum', 'expected', 'format', 'origin'] as const;

export function issueItem(issue: IssueLike | undefined): { code: string; params: ItemParams; message: string } {
  if (!issue) return { code: 'invalid', params: {}, message: 'Không hợp lệ / invalid' };
  const params: ItemParams = {};
  for (const k of PARAMS) {
    const v = issue[k];
    if (typeof v === 'number' || typeof v === 'string') params[k] = v;
    else if (typeof v === 'bigint') params[k] = Number(v);
  }
  const required = issue.code === 'too_small' && issue.origin === 'string' && params.minimum === 1;
  return { code: required ? 'required' : issue.code, params: required ? {} : params, message: issue.message };
}
