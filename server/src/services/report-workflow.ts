/**
 * The monthly report's workflow as pure functions: its states, the transitions people make, what
 * each transition needs and the state it leads to. The service reads the facts (the stored
 * state, the period's phase, who asks and where they sit), asks here, and applies the answer.
 * Nothing here reads a database or the clock, so the rules are tested alone
 * (report-workflow.test.ts), over random sequences of transitions.
 *
 *   not_started ─save→ draft ─submit→ submitted ─approve→ approved ─reopen→ returned
 *                                     submitted ─return→  returned ─save/submit→ …
 *                                     submitted ─recall→  draft
 *                                     submitted ─reopen→  returned
 */
import type { ReportState } from '@tiendo/shared';
import type { ReportRights } from '@tiendo/shared/permissions';

export type Transition = 'save' | 'submit' | 'recall' | 'approve' | 'return' | 'reopen';
export const TRANSITIONS: readonly Transition[] = ['save', 'submit', 'recall', 'approve', 'return', 'reopen'];

/** The states a report is entered in: its unit (or the level above) still writes figures. */
export const EDITABLE_STATES: readonly ReportState[] = ['not_started', 'draft', 'returned'];

/**
 * Where a transition leads from `state`, or null when the state does not allow it. A saved
 * returned report stays "returned" (its comment still stands) until it is submitted again.
 */
export function nextState(state: ReportState, t: Transition): ReportState | null {
  switch (t) {
    case 'save':
      return EDITABLE_STATES.includes(state) ? (state === 'returned' ? 'returned' : 'draft') : null;
    case 'submit':
      return EDITABLE_STATES.includes(state) ? 'submitted' : null;
    case 'recall':
      return state === 'submitted' ? 'draft' : null;
    case 'approve':
      return state === 'submitted' ? 'approved' : null;
    case 'return':
      return state === 'submitted' ? 'returned' : null;
    case 'reopen':
      return state === 'submitted' || state === 'approved' ? 'returned' : null;
  }
}

/** What a transition records in the report's history: a resubmission is told apart. */
export function eventAction(state: ReportState, t: Transition): string {
  return t === 'submit' && state === 'returned' ? 'resubmit' : t;
}

/** Why a transition is refused, in the order it is asked; the service words it (see `refusalError`). */
export type Refusal =
  /** The caller does not enter (or decide on) this unit's report at all. */
  | { kind: 'not_yours' }
  | { kind: 'period_not_open' }
  | { kind: 'period_locked' }
  /** The report's state does not take this transition. */
  | { kind: 'state'; state: ReportState }
  /** A recall of a report that is not waiting for review. */
  | { kind: 'not_waiting'; state: ReportState }
  /** A recall by someone other than the sender or its unit. */
  | { kind: 'not_sender' }
  /** A reopen by a role that never reopens. */
  | { kind: 'reopen_role' };

/** Who asks, as far as the refusal's wording goes. */
export interface Asker {
  /** Reopens reports at all (the secretariat, an admin). */
  reopens: boolean;
  /** Decides on reports at all (an approver, the secretariat, an admin). */
  decides: boolean;
  /** The report is of the caller's own unit. */
  own: boolean;
}

type Rights = Pick<ReportRights, 'enters' | 'editable' | 'canDecide' | 'canReopen' | 'canRecall' | 'locked' | 'open'>;

/** The first reason a transition is refused, or null when the caller may make it now. */
export function refusal(t: Transition, state: ReportState, rights: Rights, who: Asker): Refusal | null {
  const periodProblem = (): Refusal | null =>
    !rights.open ? { kind: 'period_not_open' } : rights.locked ? { kind: 'period_locked' } : null;
  switch (t) {
    case 'save':
    case 'submit':
      if (!rights.enters) return { kind: 'not_yours' };
      if (rights.editable) return null;
      return periodProblem() ?? { kind: 'state', state };
    case 'recall':
      if (!rights.enters) return { kind: 'not_yours' };
      if (state !== 'submitted') return { kind: 'not_waiting', state };
      if (rights.canRecall) return null;
      return periodProblem() ?? { kind: 'not_sender' };
    case 'approve':
    case 'return':
      if (rights.canDecide) return null;
      // A submitted report the caller may not decide on is a matter of rights (e.g. a successor
      // unit on a report from before it existed: that period's level above decides), not of state.
      if (state === 'submitted' || who.own || !who.decides) return { kind: 'not_yours' };
      return { kind: 'state', state };
    case 'reopen':
      if (rights.canReopen) return null;
      if (!who.reopens) return { kind: 'reopen_role' };
      return { kind: 'state', state };
  }
}
