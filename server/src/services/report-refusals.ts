/**
 * A refused transition of the report workflow (report-workflow.ts `refusal`) in words and with
 * the error code the SPA translates: who may not, which period is not open or locked, which
 * state does not allow it; or that the report changed since the caller read it.
 */
import type { ReportValue } from '@tiendo/shared';
import {
  type AppError,
  ForbiddenError,
  NotYourReportError,
  PeriodLockedError,
  PeriodNotOpenError,
  ReportNotWaitingError,
  ReportStateError,
  StaleVersionError,
} from '../errors.ts';
import type { ReportRow } from './report-store.ts';
import type { Refusal, Transition } from './report-workflow.ts';

const NOT_YOURS: Record<Transition, string> = {
  save: 'Bạn không được nhập số liệu cho đơn vị này / you may not enter figures for this unit',
  submit: 'Bạn không được gửi báo cáo của đơn vị này / you may not submit this unit’s report',
  recall: 'Bạn không được rút báo cáo của đơn vị này / you may not recall this unit’s report',
  approve: 'Bạn không được duyệt báo cáo này / you may not approve or return this report',
  return: 'Bạn không được duyệt báo cáo này / you may not approve or return this report',
  reopen: 'Chỉ Thường trực được mở lại báo cáo / only the secretariat may reopen a report',
};

export function refusalError(t: Transition, r: Refusal): AppError {
  switch (r.kind) {
    case 'not_yours':
      return new NotYourReportError(NOT_YOURS[t]);
    case 'reopen_role':
      return new ForbiddenError(NOT_YOURS.reopen);
    case 'period_not_open':
      return new PeriodNotOpenError('Kỳ báo cáo chưa mở / this period is not open for reporting');
    case 'period_locked':
      return new PeriodLockedError('Kỳ báo cáo đã khóa; đề nghị Thường trực mở lại / the period is locked; ask the secretariat to reopen');
    case 'state':
      return t === 'save' || t === 'submit'
        ? new ReportStateError(`Báo cáo đang ở trạng thái "${r.state}", không sửa được / the report is ${r.state} and cannot be edited`, {
            state: r.state,
          })
        : new ReportStateError(`Báo cáo đang ở trạng thái "${r.state}" / the report is ${r.state}`, { state: r.state });
    case 'not_waiting':
      return new ReportNotWaitingError(
        `Báo cáo đang ở trạng thái "${r.state}": chỉ rút lại được khi đang chờ duyệt / the report is ${r.state}: only a report waiting for review can be recalled`,
        { state: r.state },
      );
    case 'not_sender':
      return new ForbiddenError(
        'Chỉ người gửi hoặc đơn vị gửi được rút lại báo cáo / only the sender or the sending unit may recall a report',
        undefined,
        'recall_not_sender',
      );
  }
}

/**
 * The report changed since the caller read it (its version moved on): who changed it and when,
 * and, for a save, which values the caller's differ in from the stored ones (`theirs`).
 */
export function staleVersionError(
  row: ReportRow | null,
  theirs: Record<string, ReportValue>,
  incoming?: Record<string, ReportValue | null>,
): StaleVersionError {
  const changes = incoming
    ? Object.keys({ ...theirs, ...incoming })
        .filter((k) => JSON.stringify(theirs[k] ?? null) !== JSON.stringify(incoming[k] ?? null))
        .map((k) => ({ kpi: k, yours: incoming[k] ?? null, theirs: theirs[k] ?? null }))
    : [];
  const who = row?.updatedBy ?? null;
  const at = row?.updatedAt ?? '?';
  return new StaleVersionError(
    `Báo cáo đã được ${who ?? 'người khác'} sửa lúc ${at}; hãy tải lại / the report was changed by ${who ?? 'someone else'} at ${at}; reload it`,
    { currentVersion: row?.version ?? 0, updatedBy: who, updatedAt: row?.updatedAt ?? null, state: row?.state ?? 'not_started', changes },
  );
}
