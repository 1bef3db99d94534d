/** Pure readings of a report reply: why it is read-only, what the caller may do, the late list's order. */
import type { LateReply, ReportReply, ReportState, ReportValue, Role } from '@tiendo/shared';
import { roleMay } from '@tiendo/shared/permissions';

export type ReadOnlyReason = 'approved' | 'submitted' | 'awaitingYou' | 'locked' | 'viewOnly' | 'ended' | null;

/**
 * Why the form cannot be edited by this caller, as a key under `reporting.readOnly`. `afterEnd`:
 * the caller's own unit ended before this period (merged in a reorganisation), which says it all.
 */
export function readOnlyReason(
  r: Pick<ReportReply, 'editable' | 'state' | 'locked'> & Partial<Pick<ReportReply, 'canDecide'>>,
  role: Role | null,
  afterEnd = false,
): ReadOnlyReason {
  if (r.editable) return null;
  if (afterEnd) return 'ended';
  if (r.state === 'approved') return 'approved';
  // the approver reads a report waiting for them: their words, not the sender's
  if (r.state === 'submitted' && r.canDecide) return 'awaitingYou';
  // leaders read every report and enter none
  if (role !== null && !roleMay(role, 'report.enter')) return 'viewOnly';
  if (r.locked) return 'locked';
  if (r.state === 'submitted') return 'submitted';
  return 'viewOnly';
}

/** Whose turn it is: the reporter (fill, fix) or the approver (decide), or nobody (approved). */
export function nextStep(state: ReportState): 'fill' | 'fix' | 'decide' | 'done' {
  if (state === 'submitted') return 'decide';
  if (state === 'approved') return 'done';
  if (state === 'returned') return 'fix';
  return 'fill';
}

/**
 * Most late first, then by the parent's and the unit's name, so one commune's teams sit together;
 * after a merge, by the former unit too (`formerOf`, by code), so each former commune's teams do.
 */
export function sortLate(
  units: readonly LateReply['units'][number][],
  formerOf: ReadonlyMap<string, string> = new Map(),
): LateReply['units'][number][] {
  return [...units].sort(
    (a, b) =>
      b.daysLate - a.daysLate ||
      a.level - b.level ||
      (a.parentName ?? '').localeCompare(b.parentName ?? '', 'vi') ||
      (formerOf.get(a.code) ?? '').localeCompare(formerOf.get(b.code) ?? '', 'vi') ||
      a.name.localeCompare(b.name, 'vi', { numeric: true }) ||
      a.code.localeCompare(b.code, 'vi', { numeric: true }),
  );
}

/** How many units below stand in each state; the approver's summary line. */
export function countStates(states: readonly (ReportState | null)[]): Record<ReportState, number> {
  const out: Record<ReportState, number> = { not_started: 0, draft: 0, submitted: 0, returned: 0, approved: 0 };
  for (const s of states) if (s) out[s]++;
  return out;
}

/** The open period: the latest with state `open`; null when none is open. */
export function openPeriod(periods: readonly { period: string; state: string }[]): string | null {
  let best: string | null = null;
  for (const p of periods) if (p.state === 'open' && (best === null || p.period > best)) best = p.period;
  return best;
}

/**
 * Whose eyes read the form: the unit's own accounts send it ("Gửi báo cáo", "Ý kiến của cấp
 * trên"); an approver or the secretariat looking at a unit below reviews it and is told so.
 */
export function perspective(r: Pick<ReportReply, 'unit'>, home: string | null, role: Role | null): 'sender' | 'reviewer' {
  if (role === 'reporter' || role === null) return 'sender';
  return r.unit.code === home ? 'sender' : 'reviewer';
}

export type LastAction = { who: string | null; action: string; at: string };

/**
 * Who did what last: the latest transition (submitted, returned…) or, when a save came after it,
 * the save. A transition is written in the same instant as the report's `updatedAt`, never before.
 */
export function lastAction(r: Pick<ReportReply, 'history' | 'updatedAt' | 'updatedBy' | 'updatedByName'>): LastAction | null {
  const e = r.history.at(-1);
  if (e && (!r.updatedAt || e.at >= r.updatedAt)) return { who: e.actorName ?? e.actor, action: e.action, at: e.at };
  if (r.updatedAt) return { who: r.updatedByName ?? r.updatedBy, action: 'save', at: r.updatedAt };
  return null;
}

export interface WorklistRow {
  code: string;
  state: ReportState | null;
  late: boolean | null;
  flags: number;
}

/** The approver's worklist: waiting for a decision first, then late, then the rest, each kept in map order. */
export function sortWorklist<T extends WorklistRow>(rows: readonly T[]): T[] {
  const rank = (r: T) => (r.state === 'submitted' ? 0 : r.late && r.state !== 'approved' ? 1 : 2);
  return rows
    .map((r, i) => ({ r, i }))
    .sort((a, b) => rank(a.r) - rank(b.r) || a.i - b.i)
    .map((x) => x.r);
}

/** What "select all without flags" ticks: waiting reports no rule flagged as unusual. */
export function cleanWaiting(rows: readonly WorklistRow[]): string[] {
  return rows.filter((r) => r.state === 'submitted' && r.flags === 0).map((r) => r.code);
}

export type SummaryChange =
  | { kind: 'none' }
  | { kind: 'first' }
  | { kind: 'number'; delta: number }
  | { kind: 'points'; delta: number }
  | { kind: 'items'; added: number; removed: number };

/** How a value moved from last month's: a difference, percentage points, or ticks added and removed. */
export function changeFromPrevious(previous: ReportValue | null, now: ReportValue | null): SummaryChange {
  if (now === null) return { kind: 'none' };
  if (previous === null) return { kind: 'first' };
  if (typeof now === 'number' && typeof previous === 'number') return { kind: 'number', delta: now - previous };
  if (typeof now === 'object' && typeof previous === 'object' && 'numerator' in now && 'numerator' in previous) {
    const pct = (v: { numerator: number; denominator: number }) => (v.denominator > 0 ? (v.numerator / v.denominator) * 100 : 0);
    return { kind: 'points', delta: pct(now) - pct(previous) };
  }
  if (typeof now === 'object' && typeof previous === 'object' && 'items' in now && 'items' in previous) {
    const before = new Set(previous.items);
    const after = new Set(now.items);
    return {
      kind: 'items',
      added: [...after].filter((i) => !before.has(i)).length,
      removed: [...before].filter((i) => !after.has(i)).length,
    };
  }
  return { kind: 'none' };
}

/** An instant as Hà Nội's calendar day (`YYYY-MM-DD`) and clock time (`HH:mm`); UTC+7 all year. */
export function hanoiParts(iso: string): { date: string; time: string } {
  const h = new Date(new Date(iso).getTime() + 7 * 3600_000).toISOString();
  return { date: h.slice(0, 10), time: h.slice(11, 16) };
}
