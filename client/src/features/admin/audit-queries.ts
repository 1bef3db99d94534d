import { infiniteQueryOptions } from '@tanstack/react-query';
import type { AuditLogReply } from '@tiendo/shared';
import { apiUrl, getJson } from '../../api/http.ts';
import { adminKeys } from '../../api/keys.ts';

/** The audit page's filters, as the URL query of GET /api/audit takes them ('' = any). */
export interface AuditFilters {
  actor: string;
  action: string;
  unit: string;
  period: string;
  from: string;
  to: string;
}

export const NO_AUDIT_FILTERS: AuditFilters = { actor: '', action: '', unit: '', period: '', from: '', to: '' };

export const AUDIT_PAGE = 50;

/** Newest first, one page after another by cursor: a new entry never shifts the pages already read. */
export const auditQuery = (f: AuditFilters) =>
  infiniteQueryOptions({
    queryKey: adminKeys.audit(f),
    queryFn: ({ signal, pageParam }) =>
      getJson<AuditLogReply>(
        apiUrl('/audit', {
          actor: f.actor || undefined,
          action: f.action || undefined,
          unit: f.unit || undefined,
          period: f.period || undefined,
          from: f.from || undefined,
          to: f.to || undefined,
          cursor: pageParam ?? undefined,
          limit: AUDIT_PAGE,
        }),
        signal,
      ),
    initialPageParam: null as number | null,
    getNextPageParam: (last) => last.nextCursor,
    staleTime: 0,
  });
