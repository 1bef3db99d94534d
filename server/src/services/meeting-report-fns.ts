/** Pure rules of issued meeting reports: their number's suffix, file hashes, what changed since. */
import { createHash } from 'node:crypto';
import { type FiguresReply, MEETING_REPORT_FIELDS, type MeetingReportChange } from '@tiendo/shared';

export function sha256(data: Buffer): string {
  return createHash('sha256').update(data).digest('hex');
}

/** Decree 30: a task team's own report is numbered `…/BC`, a steering committee's `…/BC-BCĐ06`. */
export function numberSuffix(level: number): string {
  return level >= 4 ? 'BC' : 'BC-BCĐ06';
}

/**
 * The KPIs whose figure now differs from the one presented, and in what (value, running total,
 * target, status); a KPI present on one side only differs in everything it has.
 */
export function changedFigures(presented: FiguresReply, current: FiguresReply): MeetingReportChange[] {
  const before = new Map(presented.figures.map((f) => [f.kpi, f]));
  const now = new Map(current.figures.map((f) => [f.kpi, f]));
  const out: MeetingReportChange[] = [];
  for (const kpi of new Set([...before.keys(), ...now.keys()])) {
    const a = before.get(kpi) ?? null;
    const b = now.get(kpi) ?? null;
    const fields = MEETING_REPORT_FIELDS.filter((k) => (a?.[k] ?? null) !== (b?.[k] ?? null));
    if (fields.length > 0) out.push({ kpi, fields, presented: a, current: b });
  }
  return out;
}
