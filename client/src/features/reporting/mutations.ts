import { type QueryClient, useMutation, useQueryClient } from '@tanstack/react-query';
import type { DecideManyReply, ImportReply, ReportReply, SaveReportBody } from '@tiendo/shared';
import { apiUrl, sendJson, uploadFile } from '../../api/http.ts';
import { reportKeys, unitKeys } from '../../api/keys.ts';
import { reportPath } from './queries.ts';

/**
 * Every unit's figures are asked again. A request already under way is cancelled first: the
 * series and breakdowns share one `trends` / `breakdowns` request, and one that left before the
 * write would otherwise answer the refetch with the figures from before it.
 */
export function refreshFigures(qc: QueryClient): void {
  void qc.cancelQueries({ queryKey: unitKeys.all }).then(() => qc.invalidateQueries({ queryKey: unitKeys.all }));
}

/** A report reply replaces the cached one; figures and lists that depend on it are refetched. */
function useSettle(unit: string, period: string) {
  const qc = useQueryClient();
  return (r: ReportReply, figuresMoved: boolean) => {
    qc.setQueryData(reportKeys.report(unit, period), r);
    void qc.invalidateQueries({ queryKey: reportKeys.lateAll });
    if (figuresMoved) refreshFigures(qc);
  };
}

export function useSaveReport(unit: string, period: string) {
  const settle = useSettle(unit, period);
  return useMutation({
    // not paused by react-query while offline: the draft hook queues it, keeps it in the
    // browser across reloads, and says "not yet sent"
    networkMode: 'always',
    mutationFn: (body: SaveReportBody) => sendJson<ReportReply>('PUT', apiUrl(reportPath(unit, period)), body),
    onSuccess: (r) => settle(r, false),
  });
}

/** Saves what is on screen, then submits that version: one press for the reporter. */
export function useSubmitReport(unit: string, period: string) {
  const settle = useSettle(unit, period);
  return useMutation({
    networkMode: 'always',
    mutationFn: async ({ body, onSaved }: { body: SaveReportBody; onSaved?: (r: ReportReply) => void }) => {
      const saved = await sendJson<ReportReply>('PUT', apiUrl(reportPath(unit, period)), body);
      settle(saved, false);
      onSaved?.(saved);
      return sendJson<ReportReply>('POST', apiUrl(reportPath(unit, period, 'submit')), { version: saved.version });
    },
    onSuccess: (r) => settle(r, true),
  });
}

export type Decision = { action: 'approve' } | { action: 'return'; comment: string } | { action: 'reopen'; reason: string };

export function useDecideReport(unit: string, period: string) {
  const settle = useSettle(unit, period);
  return useMutation({
    mutationFn: (d: Decision) => {
      const body = d.action === 'return' ? { comment: d.comment } : d.action === 'reopen' ? { reason: d.reason } : {};
      return sendJson<ReportReply>('POST', apiUrl(reportPath(unit, period, d.action)), body);
    },
    onSuccess: (r) => settle(r, true),
  });
}

/** The sender takes a submitted report back to draft; its figures leave the dashboards again. */
export function useRecallReport(unit: string, period: string) {
  const settle = useSettle(unit, period);
  return useMutation({
    mutationFn: () => sendJson<ReportReply>('POST', apiUrl(reportPath(unit, period, 'recall')), {}),
    onSuccess: (r) => settle(r, true),
  });
}

/** Units per request when deciding many: small enough for the progress bar to move. */
export const DECIDE_BATCH = 10;

/**
 * Approve or return many reports below `unit`, a batch at a time so the screen can say how far it
 * got; each unit answers for itself. The reports and figures are refetched once at the end.
 */
export function useDecideMany(unit: string, period: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: async ({
      action,
      units,
      comment,
      onProgress,
    }: {
      action: 'approve' | 'return';
      units: string[];
      comment?: string;
      onProgress: (results: DecideManyReply['results']) => void;
    }) => {
      const results: DecideManyReply['results'] = [];
      for (let i = 0; i < units.length; i += DECIDE_BATCH) {
        const batch = units.slice(i, i + DECIDE_BATCH);
        const body = action === 'return' ? { units: batch, comment } : { units: batch };
        const r = await sendJson<DecideManyReply>('POST', apiUrl(reportPath(unit, period, `${action}-many`)), body);
        results.push(...r.results);
        onProgress([...results]);
      }
      return results;
    },
    onSettled: () => {
      void qc.invalidateQueries({ queryKey: reportKeys.all });
      refreshFigures(qc);
    },
  });
}

export function useImportReports(unit: string, period: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ file, onProgress }: { file: File; onProgress: (share: number) => void }) =>
      uploadFile<ImportReply>(apiUrl(reportPath(unit, period, 'import')), file, file.name, onProgress),
    onSuccess: () => {
      void qc.invalidateQueries({ queryKey: reportKeys.all });
      refreshFigures(qc);
    },
  });
}
