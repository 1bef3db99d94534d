/** Pure readings of a report reply: why it is read-only, what the caller may do, the late list's order. */
import type { LateReply, ReportReply, ReportState, Role } from '@tiendo/shared';

export type ReadOnlyReason = 'approved' | 'submitted' | 'locked' | 'viewOnly' | null;

/** Why the form cannot be edited by this caller, as a key under `reporting.readOnly`. */
export function readOnlyReason(r: Pick<ReportReply, 'editable' | 'state' | 'locked'>, role: Role | null): ReadOnlyReason {
  if (r.editable) return null;
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

/** Most late first, then by the parent's and the unit's name, so one commune's teams sit together. */
export function sortLate(units: readonly LateReply['units'][number][]): LateReply['units'][number][] {
  return [...units].sort(
    (a, b) =>
      b.daysLate - a.daysLate ||
      a.level - b.level ||
      (a.parentName ?? '').localeCompare(b.parentName ?? '', 'vi') ||
      a.name.localeCompare(b.name, 'vi', { numeric: true }),
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
