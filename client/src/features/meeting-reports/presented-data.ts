/**
 * "As presented at the meeting | now": which issued report a period's dashboard can show, the
 * figures to put on the cards, and how a changed figure reads. Pure, so it is tested without a
 * browser; the choice itself is kept per unit and period for the page's life.
 */
import type { Figure, FiguresReply, Kpi, MeetingReport, MeetingReportChange, MeetingReportChangesReply } from '@tiendo/shared';
import { formatDate, formatNumber, formatPercent, type Lang } from '../../i18n/format.ts';

/** The report in force for the period: the newest that was not replaced by a later issue. */
export function reportInForce(list: readonly MeetingReport[] | undefined): MeetingReport | null {
  return list?.find((r) => r.replacedBy === null) ?? null;
}

/** The issue date as the report prints it: `05/12/2026` / `5 Dec 2026`. */
export function issueDateLabel(date: string, lang: Lang): string {
  return formatDate(date, lang);
}

/** The figures the cards show: the snapshot when presenting (and it is loaded), the live ones otherwise. */
export function shownFigures(live: FiguresReply, changes: MeetingReportChangesReply | undefined, presenting: boolean): FiguresReply {
  return presenting && changes ? changes.presented : live;
}

export function changedByKpi(changes: MeetingReportChangesReply | undefined): Map<string, MeetingReportChange> {
  return new Map((changes?.changed ?? []).map((c) => [c.kpi, c]));
}

/** A figure as its card leads with it: the running total for counts, the percentage for ratios. */
export function figureText(kpi: Pick<Kpi, 'kind'>, f: Figure | null, lang: Lang): string {
  if (!f) return '—';
  if (kpi.kind === 'count') return formatNumber(f.cumulative ?? f.value, lang);
  if (kpi.kind === 'ratio') return formatPercent(f.value, lang);
  return formatNumber(f.value, lang);
}

// ——— the choice, per unit and period ———

let presenting: ReadonlySet<string> = new Set();
const listeners = new Set<() => void>();

export const presentedKey = (unit: string, period: string) => `${unit}|${period}`;

export function getPresenting(): ReadonlySet<string> {
  return presenting;
}

export function setPresenting(key: string, on: boolean): void {
  if (presenting.has(key) === on) return;
  const next = new Set(presenting);
  if (on) next.add(key);
  else next.delete(key);
  presenting = next;
  for (const l of listeners) l();
}

export function subscribePresenting(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}
