/**
 * What the report form is sent: the stored report, what the caller may do with it, and for each
 * KPI last month's figure and the running total the form shows beside the field.
 */
import { addMonths, type PeriodWindow, type ReportReply, type ReportState, type ReportValue } from '@tiendo/shared';
import type { ReportRights } from '@tiendo/shared/permissions';
import { type KpiDef, type UnitNode, unitAtView } from './catalog-service.ts';
import { type OwnFigures, toReportValue } from './own-figures.ts';
import type { ReportRow } from './report-store.ts';
import type { Flag } from './report-validation.ts';

export interface ReplyParts {
  unit: UnitNode;
  period: string;
  row: ReportRow | null;
  state: ReportState;
  rights: ReportRights;
  window: PeriodWindow;
  today: string;
  kpis: readonly KpiDef[];
  values: Record<string, ReportValue>;
  flags: Flag[];
  history: ReportReply['history'];
  waitingBelow: ReportReply['waitingBelow'];
}

export function reportReply(own: OwnFigures, x: ReplyParts): ReportReply {
  const { unit, period, row, rights: a, window: w } = x;
  const explanations = row?.flags ? (JSON.parse(row.flags) as Record<string, string>) : {};
  const prev = addMonths(period, -1);
  return {
    unit: unitAtView(unit, period),
    period,
    from: w.from,
    to: w.to,
    deadline: w.deadline,
    lockAfter: w.lockAfter,
    state: x.state,
    editable: a.editable,
    canDecide: a.canDecide,
    canReopen: a.canReopen,
    canRecall: a.canRecall,
    locked: a.locked,
    late: row?.submittedAt ? row.submittedAt.slice(0, 10) > w.deadline : x.today > w.deadline ? true : null,
    version: row?.version ?? 0,
    kpis: x.kpis.map((k) => {
      const last = own.recent(unit, k, period)[0];
      return {
        code: k.code,
        kind: k.kind,
        ratioMode: k.ratioMode,
        name: k.name,
        nameEn: k.nameEn,
        unit: k.unit,
        unitEn: k.unitEn,
        ...(k.kind === 'checklist'
          ? { items: k.items.filter((i) => i.retiredFrom === null || i.retiredFrom > period).map((i) => ({ code: i.code, name: i.name })) }
          : {}),
        previous: last?.period === prev ? toReportValue(k.kind, last) : null,
        cumulative: k.kind === 'count' ? own.totalBefore(unit, k.id, period) : null,
      };
    }),
    values: x.values,
    notes: { difficulties: row?.difficulties ?? '', recommendations: row?.recommendations ?? '' },
    flags: x.flags.map((f) => ({ ...f, explanation: explanations[f.kpi] ?? null })),
    submittedAt: row?.submittedAt ?? null,
    submittedBy: row?.submittedBy ?? null,
    decidedAt: row?.decidedAt ?? null,
    decidedBy: row?.decidedBy ?? null,
    updatedAt: row?.updatedAt ?? null,
    updatedBy: row?.updatedBy ?? null,
    updatedByName: row?.updatedByName ?? null,
    comment: row?.comment ?? null,
    history: x.history,
    waitingBelow: x.waitingBelow,
  };
}
