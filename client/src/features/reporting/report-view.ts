/** Pure readings of a report reply: why it is read-only, what the caller may do, the late list's order. */
import type { LateReply, ReportReply, ReportState, Role } from '@tiendo/shared';

export type ReadOnlyReason = 'approved' | 'submitted' | 'locked' | 'viewOnly' | 'ended' | null;

/**
 * Why the form cannot be edited by this caller, as a key under `reporting.readOnly`. `afterEnd`:
 * the caller's own unit ended before this period (merged in a reorganisation), which says it all.
 */
export function readOnlyReason(r: Pick<ReportReply, 'editable' | 'state' | 'locked'>, role: Role | null, afterEnd = false): ReadOnlyReason {
  if (r.editable) return null;
  if (afterEnd) return 'ended';
  if (r.state === 'approved') return 'approved';
  if (role === 'leader') return 'viewOnly';
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
